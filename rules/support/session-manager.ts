// Session Manager's verdict on each running instance of a region, as the rule
// `ssm-agent-endpoint-reachable` gives it (identity, path, ping; aws-facts §5), for the rules
// that build on it (private admin paths). It reads that rule's own evaluation, which the rule keeps
// per region view, so the verdict, message and evidence are the SSM rule's, never a second reading
// of the facts, and the region's instances are judged once for all three rules.
import type { RegionalRuleContext, RuleResult } from '../../src/engine/types.js';
import type { RegionView } from '../../src/snapshot/view.js';
import ssmAgentEndpointReachable from '../ssm-agent-endpoint-reachable.js';

const verdicts = new WeakMap<RegionView, Map<string, RuleResult>>();

/** Instance id → the SSM rule's result (running instances only; the SSM rule skips the others). */
export function sessionManagerResults(context: RegionalRuleContext): Map<string, RuleResult> {
  let byInstance = verdicts.get(context.region);
  if (!byInstance) {
    byInstance = new Map();
    for (const result of ssmAgentEndpointReachable.evaluate(context))
      byInstance.set(result.resource.id, result);
    verdicts.set(context.region, byInstance);
  }
  return byInstance;
}

/** The SSM rule's requirements: a rule building on its verdict reads all of them. */
export const SESSION_MANAGER_KINDS = ssmAgentEndpointReachable.meta.requires;
