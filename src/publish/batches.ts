// Splits findings into BatchImportFindings requests: at most 100 findings and 6 MB per call
// (aws-facts §10.4), measured as the request body the SDK sends (`{"Findings":[…]}`).
import { asffFindingBytes, type AsffFinding } from '../report/asff.js';

export const IMPORT_LIMITS = { findings: 100, bytes: 6 * 1024 * 1024 } as const;

/** `{"Findings":[` and `]}`. */
const ENVELOPE_BYTES = Buffer.byteLength('{"Findings":[]}');

export function importBatches(
  findings: readonly AsffFinding[],
  limits: { findings: number; bytes: number } = IMPORT_LIMITS,
): AsffFinding[][] {
  const batches: AsffFinding[][] = [];
  let batch: AsffFinding[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const finding of findings) {
    const size = asffFindingBytes(finding) + (batch.length > 0 ? 1 : 0);
    if (batch.length > 0 && (batch.length >= limits.findings || bytes + size > limits.bytes)) {
      batches.push(batch);
      batch = [];
      bytes = ENVELOPE_BYTES;
    }
    bytes += asffFindingBytes(finding) + (batch.length > 0 ? 1 : 0);
    batch.push(finding);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Splits any list into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}
