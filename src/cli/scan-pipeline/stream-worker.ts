// A worker thread of a streamed scan in several threads (engine/stream-scan.ts
// `streamScanInWorkers`): the engine's unit server with the report spill's renderer, so each pass
// goes back to the main thread as the report text the spill files hold instead of as an object to
// copy, deserialise and render there. It lives here because it joins the engine and the report
// layers, as the scan command does.
import { serveUnits } from '../../engine/parallel/unit-server.js';
import { spillRenderer } from '../../report/finding-spill.js';

// The render options are the spill's `FindingSpill.rendering` (evaluate.ts); spillRenderer checks them.
serveUnits((rules, rendering) => spillRenderer(rules, rendering));
