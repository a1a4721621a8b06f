// A worker thread of the evaluation pool (pool.ts) that sends every finding back whole: the
// in-memory path's (`evaluateSnapshotInWorkers`: the organisation fan-out's accounts, and library
// callers), where `scan` streams through cli/scan-pipeline/stream-worker.ts instead.
import { serveUnits } from './unit-server.js';

serveUnits();
