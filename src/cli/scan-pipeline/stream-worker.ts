// A worker thread of a streamed scan in several threads (engine/stream-scan.ts
// `streamScanInWorkers`): the engine's unit server with the report spill's renderer, so each pass
// goes back to the main thread as the report text the spill files hold instead of as an object to
// copy, deserialise and render there. It lives here because it joins the engine and the report
// layers, as the scan command does.
import { serveUnits } from '../../engine/parallel/unit-server.js';
import { isSpilledFormatList, spillRenderer } from '../../report/finding-spill.js';

serveUnits((rules, formats) => {
  if (!isSpilledFormatList(formats))
    throw new Error(
      `internal error: a stream worker needs the spilled formats, got ${JSON.stringify(formats)}`,
    );
  return spillRenderer(rules, formats);
});
