// The endpoint policy as a hop (aws-facts §2.3, §5.6): a request through an endpoint needs its
// policy too. For the services whose calls are known (the SSM Agent's, endpoint-policy.ts) each
// call is decided; for any other service the question is whether the policy lets any of that
// service's calls through at all — a policy scoped to some resources, principals or conditions
// still does (that is what endpoint policies are for).
import type { VpcEndpoint } from '../../snapshot/types.js';
import { getOrCreate } from '../../util/memo.js';
import {
  ENDPOINT_ACTIONS,
  endpointPolicyAllows,
  forEveryone,
  policyEvidence,
  type EndpointPolicyDecision,
} from '../endpoint-policy.js';
import { describeStatement, iamPatternMatches } from '../iam-policy.js';
import { iamPrefixForEndpoint } from '../service-endpoints.js';
import { hop, type Check } from './checks.js';
import type { Placement } from './placement.js';

const serviceWide = new WeakMap<VpcEndpoint, Map<string, EndpointPolicyDecision>>();

/**
 * Whether the endpoint's policy lets any call of IAM prefix `prefix` through: an unconditional
 * Deny of every such action on every resource for everyone, or no Allow naming one, lets none.
 */
export function serviceWidePolicy(endpoint: VpcEndpoint, prefix: string): EndpointPolicyDecision {
  const byPrefix = getOrCreate(serviceWide, endpoint, () => new Map());
  return getOrCreate(byPrefix, prefix, () => {
    const document = endpoint.policyDocument;
    const decided = (verdict: EndpointPolicyDecision['verdict'], reason: string): EndpointPolicyDecision => ({
      verdict,
      reason,
      evidence: policyEvidence(endpoint, reason, [`${prefix}:*`]),
    });
    if (!document) return decided('allowed', 'it has no endpoint policy (full access)');
    for (const s of document.statements) {
      const denyAll =
        s.effect === 'Deny' &&
        forEveryone(s) &&
        (s.condition === undefined || Object.keys(s.condition).length === 0) &&
        (s.action ?? []).some((p) => iamPatternMatches(p, `${prefix}:*`, true)) &&
        (s.resource ?? []).some((p) => p === '*');
      if (denyAll) {
        const by = describeStatement({
          policyId: endpoint.id,
          policyName: 'its policy',
          effect: 'Deny',
          ...(s.sid ? { sid: s.sid } : {}),
        });
        return decided('denied', `${by} denies every ${prefix} action on every resource`);
      }
    }
    const allows = document.statements.some(
      (s) =>
        s.effect === 'Allow' &&
        (s.notAction !== undefined ||
          (s.action ?? []).some((p) => p === '*' || p.toLowerCase().startsWith(`${prefix.toLowerCase()}:`))),
    );
    return allows
      ? decided('allowed', `its policy allows ${prefix} requests`)
      : decided('denied', `its policy allows no ${prefix} action`);
  });
}

/** The endpoint policy's answer for what the workload sends to `service`, as a check with its hop. */
export function policyCheck(endpoint: VpcEndpoint, service: string, placement: Placement): Check {
  const decision = ENDPOINT_ACTIONS[service]
    ? endpointPolicyAllows(endpoint, service, { arn: placement.resourceArn ?? '*' })
    : serviceWidePolicy(endpoint, iamPrefixForEndpoint(service));
  if (!decision) return { ok: true, problems: [], doubts: [], evidence: [], hops: [] };
  // Decisions are memoised per endpoint and request shape; so is their check (it names no workload).
  return getOrCreate(checks, decision, () => asCheck(endpoint, decision));
}

const checks = new WeakMap<EndpointPolicyDecision, Check>();

function asCheck(endpoint: VpcEndpoint, decision: EndpointPolicyDecision): Check {
  const verdict =
    decision.verdict === 'allowed' ? 'allow' : decision.verdict === 'denied' ? 'deny' : 'undecided';
  const hops = [hop('endpoint', endpoint.id, `endpoint policy: ${decision.reason}`, verdict)];
  if (decision.verdict === 'allowed')
    return { ok: true, problems: [], doubts: [], evidence: [decision.evidence], hops };
  const finding = { message: `endpoint ${endpoint.id}: ${decision.reason}`, evidence: [decision.evidence] };
  return decision.verdict === 'denied'
    ? { ok: false, problems: [finding], doubts: [], evidence: [], hops }
    : { ok: false, problems: [], doubts: [finding], evidence: [], hops };
}
