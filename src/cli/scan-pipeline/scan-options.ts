// The options of `aws-audit scan`, shared by the single-account run and the organisation fan-out.
import type { Shard } from '../../engine/shard.js';
import type { Severity } from '../../engine/types.js';
import type { FilterOptions } from '../filter-options.js';
import type { LiveOptions } from '../live-options.js';
import type { OrgOptions } from '../org/org-options.js';

export const REPORT_FORMATS = ['json', 'sarif', 'csv', 'console', 'asff', 'html'] as const;

export interface ScanOptions extends LiveOptions, OrgOptions, FilterOptions {
  snapshot?: string;
  format: string[];
  outDir: string;
  rules?: string[];
  failOn?: Severity;
  failOnNew?: Severity;
  waivers?: string;
  baseline?: string;
  allowIncomplete?: boolean;
  quiet?: boolean;
  /** Keep only the timestamped report copies of the N most recent runs. */
  keep?: number;
  /** Scan only this shard's accounts (engine/shard.ts). */
  shard?: Shard;
  /** Evaluation threads (engine/parallel/pool.ts); 1 is the main thread. */
  workers?: number;
}
