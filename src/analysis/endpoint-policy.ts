// Does a VPC endpoint's policy let the traffic through? (aws-facts §2.3; issue 20 item 3)
//
// An endpoint policy is a resource policy on the endpoint: a request through the endpoint must be
// allowed by it as well as by the caller's identity policies. It is judged with the evaluator of
// identity policies (`decideAction`: explicit Deny wins, Action/NotAction, Resource/NotResource,
// wildcards), with one addition: a statement for named principals, not `*`, may or may not apply
// to the caller, so it is treated like a statement with a Condition — it can make the answer
// indeterminate, never decide it. An endpoint without a policy document has the default policy,
// full access (services without endpoint policies return none).
import type { Evidence } from '../findings/types.js';
import type { Instance, PolicyDocument, PolicyStatement, VpcEndpoint } from '../snapshot/types.js';
import { getOrCreate } from '../util/memo.js';
import {
  decideAction,
  describeStatement,
  iamPatternMatches,
  resourceCoverageKey,
  type ActionRequest,
  type PolicySource,
} from './iam-policy.js';
import { SSM_CORE_ACTIONS } from './ssm-identity.js';

/**
 * The actions the SSM Agent sends through each service's endpoint (aws-facts §5.2, §5.3). Services
 * not listed are not checked against endpoint policies.
 */
export const ENDPOINT_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  ssm: SSM_CORE_ACTIONS.filter((a) => a.startsWith('ssm:')),
  ssmmessages: SSM_CORE_ACTIONS.filter((a) => a.startsWith('ssmmessages:')),
  ec2messages: ['ec2messages:GetMessages', 'ec2messages:AcknowledgeMessage', 'ec2messages:SendReply'],
};

export interface EndpointPolicyDecision {
  verdict: 'allowed' | 'denied' | 'indeterminate';
  /** One clause for a message: "its policy denies ssm:UpdateInstanceInformation (statement DenyAll)". */
  reason: string;
  evidence: Evidence;
}

/** Principal `*` (or `{"AWS": "*"}`): the statement applies to every caller. Absent counts as `*`. */
export function forEveryone(statement: PolicyStatement): boolean {
  const principal = statement.principal;
  if (principal === undefined || principal === '*') return true;
  return Object.values(principal).some((values) => values.includes('*'));
}

const PRINCIPAL_SCOPED = 'aws-audit:PrincipalScoped';

const asSources = new WeakMap<PolicyDocument, PolicySource[]>();

/** The endpoint policy as `decideAction` input: principal-scoped statements become conditional. */
function policySource(endpoint: VpcEndpoint, document: PolicyDocument): PolicySource[] {
  return getOrCreate(asSources, document, () => [
    {
      id: `endpoint-policy:${endpoint.id}`,
      name: `the policy of ${endpoint.id}`,
      kind: 'inline',
      document: {
        statements: document.statements.map((s) =>
          forEveryone(s) ? s : { ...s, condition: { ...s.condition, [PRINCIPAL_SCOPED]: { principal: [] } } },
        ),
      },
    },
  ]);
}

/** The endpoint's policy as evidence: what it decided for which actions. */
export function policyEvidence(endpoint: VpcEndpoint, summary: string, actions: readonly string[]): Evidence {
  return {
    kind: 'vpc-endpoint-policy',
    summary: `${endpoint.id}: ${summary}`,
    resourceId: endpoint.id,
    details: {
      endpointId: endpoint.id,
      actions: [...actions],
      statements: endpoint.policyDocument?.statements.length ?? null,
    },
  };
}

const decisions = new WeakMap<VpcEndpoint, Map<string, EndpointPolicyDecision>>();

/**
 * Whether the endpoint's policy allows every action the agent sends to `service` (for
 * `instance`'s ARN where the action acts on the instance). Memoised per endpoint, service and
 * which statements' Resource covers the instance, so instances share one decision and its evidence.
 */
export function endpointPolicyAllows(
  endpoint: VpcEndpoint,
  service: string,
  instance: Pick<Instance, 'arn'>,
): EndpointPolicyDecision | undefined {
  const actions = ENDPOINT_ACTIONS[service];
  if (!actions) return undefined;
  const document = endpoint.policyDocument;
  const byKey = getOrCreate(decisions, endpoint, () => new Map());
  const requests: ActionRequest[] = actions.map((action) => ({
    action,
    resource: action.startsWith('ssm:') ? instance.arn : '*',
  }));
  const sources = document ? policySource(endpoint, document) : [];
  const key = `${service}|${requests.map((r) => resourceCoverageKey(sources, r.action, r.resource)).join('/')}`;
  return getOrCreate(byKey, key, () => decide(endpoint, document, sources, requests));
}

function decide(
  endpoint: VpcEndpoint,
  document: PolicyDocument | undefined,
  sources: PolicySource[],
  requests: ActionRequest[],
): EndpointPolicyDecision {
  const actions = requests.map((r) => r.action);
  if (!document) {
    return {
      verdict: 'allowed',
      reason: 'it has no endpoint policy (full access)',
      evidence: policyEvidence(
        endpoint,
        'no endpoint policy, so the default full-access policy applies',
        actions,
      ),
    };
  }
  const results = requests.map((request) => ({ request, result: decideAction(sources, request) }));
  for (const { request, result } of results) {
    if (result.decision === 'denied') {
      const why = `its policy denies ${request.action} (${describeStatement(result.by)})`;
      return { verdict: 'denied', reason: why, evidence: policyEvidence(endpoint, why, actions) };
    }
  }
  const notAllowed = results.filter((r) => r.result.decision === 'not-allowed').map((r) => r.request.action);
  if (notAllowed.length > 0) {
    const why = `its policy allows none of ${notAllowed.join(', ')}`;
    return { verdict: 'denied', reason: why, evidence: policyEvidence(endpoint, why, actions) };
  }
  for (const { request, result } of results) {
    if (result.decision === 'indeterminate') {
      const why = `its policy decides ${request.action} by a Condition or a named Principal (${describeStatement(result.by)})`;
      return { verdict: 'indeterminate', reason: why, evidence: policyEvidence(endpoint, why, actions) };
    }
  }
  const why = `its policy allows ${actions.join(', ')}`;
  return { verdict: 'allowed', reason: why, evidence: policyEvidence(endpoint, why, actions) };
}

export interface GatewayEndpointPolicy {
  /** `none`: the policy allows no request to the service at all, so the endpoint carries none of its traffic. */
  verdict: 'some' | 'none';
  reason: string;
}
/** The services with gateway endpoints (aws-facts §2.2, §2.5): IAM prefix, how messages name it, and its "every resource" ARN. */
const GATEWAY_POLICY_SERVICES = {
  s3: { label: 'S3', everyResource: (partition: string) => `arn:${partition}:s3:::*` },
  dynamodb: { label: 'DynamoDB', everyResource: (partition: string) => `arn:${partition}:dynamodb:*:*:*` },
} as const;

export type GatewayPolicyService = keyof typeof GATEWAY_POLICY_SERVICES;

/**
 * Whether a gateway endpoint's policy lets any request to `service` through at all: an
 * unconditional Deny of every action of the service on every resource for every principal, or no
 * Allow that names one of its actions, makes it `none`. A policy scoped to some buckets or tables,
 * principals or conditions still carries the service's traffic (that is what endpoint policies are
 * for) and counts as `some`.
 */
export function gatewayEndpointPolicy(
  endpoint: VpcEndpoint,
  service: GatewayPolicyService,
): GatewayEndpointPolicy {
  const { label, everyResource } = GATEWAY_POLICY_SERVICES[service];
  const document = endpoint.policyDocument;
  if (!document) return { verdict: 'some', reason: 'no endpoint policy (full access)' };
  const partition = endpoint.arn.split(':')[1] || 'aws';
  const everything = everyResource(partition);
  for (const s of document.statements) {
    const denyAll =
      s.effect === 'Deny' &&
      forEveryone(s) &&
      (s.condition === undefined || Object.keys(s.condition).length === 0) &&
      (s.action ?? []).some((p) => iamPatternMatches(p, `${service}:*`, true)) &&
      (s.resource ?? []).some((p) => iamPatternMatches(p, everything, false));
    if (denyAll) {
      const by = describeStatement({
        policyId: endpoint.id,
        policyName: 'its policy',
        effect: 'Deny',
        ...(s.sid ? { sid: s.sid } : {}),
      });
      return { verdict: 'none', reason: `${by} denies every ${label} action on every resource` };
    }
  }
  // `*`, `s3:…`, `s3*…`, `s3?…` name an action of the service (the prefix has no regex metacharacter).
  const namesAction = new RegExp(`^(\\*|${service}[:*?])`, 'i');
  const allows = document.statements.some(
    (s) =>
      s.effect === 'Allow' &&
      (s.notAction !== undefined || (s.action ?? []).some((p) => namesAction.test(p))),
  );
  return allows
    ? { verdict: 'some', reason: `its policy allows ${label} requests` }
    : { verdict: 'none', reason: `its policy allows no ${label} action` };
}

/** `gatewayEndpointPolicy` for S3. */
export function s3EndpointPolicy(endpoint: VpcEndpoint): GatewayEndpointPolicy {
  return gatewayEndpointPolicy(endpoint, 's3');
}
