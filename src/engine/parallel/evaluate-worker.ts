// A worker thread of the evaluation pool (pool.ts) that sends every finding back whole: the
// in-memory path's (`--workers N` with a report that needs every finding as an object).
import { serveUnits } from './unit-server.js';

serveUnits();
