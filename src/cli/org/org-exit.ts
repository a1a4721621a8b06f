// A fan-out's exit code: nothing to scan is success; otherwise every account's gate, the failed
// and never-started accounts, and the merged failing counts decide (engine/gate.ts).
import type { FanOutResult } from '../../collect/fan-out.js';
import {
  organisationExitDecision,
  type AccountGate,
  type ExitDecision,
  type GateOptions,
} from '../../engine/gate.js';
import type { Severity } from '../../engine/types.js';
import type { MergedReport } from '../../report/merge.js';
import { ExitCode } from '../../util/errors.js';
import type { Targets } from './org-targets.js';

export function orgExitDecision(input: {
  targets: Targets;
  gates: AccountGate[];
  outcome: FanOutResult;
  gate: GateOptions;
  merged: MergedReport | undefined;
}): ExitDecision {
  if (input.targets.accountIds.length === 0)
    return { code: ExitCode.Ok, reason: `no account to scan (${input.targets.source})` };
  return organisationExitDecision({
    accounts: input.gates,
    failed: input.outcome.failed.length,
    notStarted: input.outcome.notStarted.length,
    gate: input.gate,
    failingBySeverity: input.merged?.summary.failingBySeverity ?? emptyFailing(),
  });
}

function emptyFailing(): Record<Severity, number> {
  return { low: 0, medium: 0, high: 0, critical: 0 };
}
