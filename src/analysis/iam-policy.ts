// Does a set of identity policies allow an action? Allow statements grant, explicit Deny wins, a
// Condition or an unreadable document makes the answer indeterminate rather than a guess
// (style.md: missing data is never a verdict). Permissions boundaries, SCPs and session policies
// can only narrow this; they are outside the snapshot and this answer does not claim them.
import type { PolicyDocument, PolicyStatement } from '../snapshot/types.js';

/** A policy as a role sees it: its name, where it came from, and its document when known. */
export interface PolicySource {
  /** Managed policy ARN, or `inline:<role>/<name>` for inline policies. */
  id: string;
  name: string;
  kind: 'aws-managed' | 'customer-managed' | 'inline';
  document?: PolicyDocument;
}

/** One action to decide, with the resource ARN it acts on (`*` for actions without resource types). */
export interface ActionRequest {
  action: string;
  resource: string;
}

export type ActionDecision =
  | { decision: 'allowed'; by: StatementRef }
  | { decision: 'denied'; by: StatementRef }
  | { decision: 'not-allowed' }
  /** A conditional or scoped statement might allow or deny it; the snapshot cannot say which. */
  | { decision: 'indeterminate'; by: StatementRef; why: string };

export interface StatementRef {
  policyId: string;
  policyName: string;
  sid?: string;
  effect: 'Allow' | 'Deny';
}

/**
 * IAM wildcard match: `*` any run of characters, `?` one character; actions compare
 * case-insensitively, resources case-sensitively (IAM policy grammar). Patterns are compiled once:
 * the SSM rule asks the same few patterns for every instance of an account.
 */
export function iamPatternMatches(pattern: string, value: string, caseInsensitive: boolean): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return caseInsensitive ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  return compiledPattern(pattern, caseInsensitive).test(value);
}

const compiledPatterns = new Map<string, RegExp>();
const MAX_COMPILED_PATTERNS = 10_000;

function compiledPattern(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}:${pattern}`;
  let regex = compiledPatterns.get(key);
  if (!regex) {
    const escaped = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    regex = new RegExp(`^${escaped}$`, caseInsensitive ? 'i' : '');
    // Bounded: a pathological account cannot grow this without limit.
    if (compiledPatterns.size >= MAX_COMPILED_PATTERNS) compiledPatterns.clear();
    compiledPatterns.set(key, regex);
  }
  return regex;
}

function coversAction(statement: PolicyStatement, action: string): boolean {
  if (statement.action) return statement.action.some((p) => iamPatternMatches(p, action, true));
  if (statement.notAction) return !statement.notAction.some((p) => iamPatternMatches(p, action, true));
  return false;
}

/**
 * Whether the statement's resources cover `resource`. `*` as the request resource stands for "an
 * action without resource types": only a `*` pattern covers it.
 */
function coversResource(statement: PolicyStatement, resource: string): boolean {
  const matches = (pattern: string): boolean =>
    resource === '*' ? /^\*+$/.test(pattern) : iamPatternMatches(pattern, resource, false);
  if (statement.resource) return statement.resource.some(matches);
  if (statement.notResource) return !statement.notResource.some(matches);
  // A statement without Resource is invalid in identity policies; it grants nothing.
  return false;
}

function ref(source: PolicySource, statement: PolicyStatement): StatementRef {
  const r: StatementRef = { policyId: source.id, policyName: source.name, effect: statement.effect };
  if (statement.sid !== undefined) r.sid = statement.sid;
  return r;
}

const hasCondition = (s: PolicyStatement): boolean =>
  s.condition !== undefined && Object.keys(s.condition).length > 0;

/**
 * Decides one action over documents that are all known. Explicit unconditional Deny → denied;
 * unconditional Allow → allowed (unless a conditional Deny might apply → indeterminate);
 * only conditional Allow → indeterminate; nothing → not-allowed.
 */
export function decideAction(sources: readonly PolicySource[], request: ActionRequest): ActionDecision {
  let allow: StatementRef | undefined;
  let conditionalAllow: StatementRef | undefined;
  let conditionalDeny: StatementRef | undefined;
  for (const source of sources) {
    for (const statement of source.document?.statements ?? []) {
      if (!coversAction(statement, request.action) || !coversResource(statement, request.resource)) continue;
      const conditional = hasCondition(statement);
      if (statement.effect === 'Deny') {
        if (!conditional) return { decision: 'denied', by: ref(source, statement) };
        conditionalDeny ??= ref(source, statement);
      } else if (conditional) conditionalAllow ??= ref(source, statement);
      else allow ??= ref(source, statement);
    }
  }
  if (allow && conditionalDeny)
    return { decision: 'indeterminate', by: conditionalDeny, why: 'a conditional Deny may apply' };
  if (allow) return { decision: 'allowed', by: allow };
  if (conditionalAllow)
    return { decision: 'indeterminate', by: conditionalAllow, why: 'only a conditional Allow covers it' };
  return { decision: 'not-allowed' };
}

/**
 * Which of the statements covering `action` also cover `resource`, as a string of 0/1 in the
 * order `decideAction` visits them. `decideAction(sources, { action, resource })` depends on the
 * resource only through this, so two resources with the same key get the same decision.
 */
export function resourceCoverageKey(
  sources: readonly PolicySource[],
  action: string,
  resource: string,
): string {
  let key = '';
  for (const source of sources)
    for (const statement of source.document?.statements ?? [])
      if (coversAction(statement, action)) key += coversResource(statement, resource) ? '1' : '0';
  return key;
}

/** "AmazonSSMManagedInstanceCore" or "app-inline (statement Ssm)", for evidence text. */
export function describeStatement(ref: StatementRef): string {
  return `${ref.policyName}${ref.sid ? ` (statement ${ref.sid})` : ''}`;
}
