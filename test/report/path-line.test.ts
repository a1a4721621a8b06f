// The console's one-line path: short where the traffic passed, exact where it broke.
import { Chalk } from 'chalk';
import { pathEvidence, type PathHop } from '../../src/findings/path.js';
import { brokenPathLine } from '../../src/report/path-line.js';

const allow = (kind: PathHop['kind'], id: string, decidedBy: string): PathHop => ({
  kind,
  id,
  decidedBy,
  verdict: 'allow',
});
const deny = (kind: PathHop['kind'], id: string, decidedBy: string): PathHop => ({
  kind,
  id,
  decidedBy,
  verdict: 'deny',
});

// The shape the Instance Connect path gave before (every passing decision repeated in full).
const EICE_PATH = pathEvidence('tcp 22 from eice-1', [
  allow('eni', 'subnet-a', 'Instance Connect Endpoint eice-1 in subnet-a'),
  allow('security-group', 'sg-eice', 'sg-eice egress tcp 22 to 10.0.0.0/16'),
  allow('network-acl', 'acl-dflt', 'acl-dflt outbound rule 100: allow protocol -1 ports all to 0.0.0.0/0'),
  allow('network-acl', 'acl-dflt', 'acl-dflt inbound rule 100: allow protocol -1 ports all from 0.0.0.0/0'),
  allow('route', 'rtb-app', '10.0.0.0/16 → local'),
  allow('network-acl', 'acl-dflt', 'acl-dflt inbound rule 100: allow protocol -1 ports all from 0.0.0.0/0'),
  allow('network-acl', 'acl-dflt', 'acl-dflt outbound rule 100: allow protocol -1 ports all to 0.0.0.0/0'),
  deny('security-group', 'sg-web', 'no rule of sg-web allows tcp 22 from eice-1'),
  allow('target', 'i-1', 'tcp 22'),
]);

describe('brokenPathLine', () => {
  it('keeps the source, routes and ACL directions, folds a repeated ACL, and ends at the broken hop', () => {
    expect(brokenPathLine([EICE_PATH])).toBe(
      'subnet-a (Instance Connect Endpoint eice-1 in subnet-a) → sg-eice → acl-dflt (out, in) → ' +
        'rtb-app (10.0.0.0/16 → local) → acl-dflt (in, out) → sg-web (no rule of sg-web allows tcp 22 from eice-1) ✗',
    );
  });

  it('drops a closing "in subnet-…" from the source label when the label already names the subnet', () => {
    const line = brokenPathLine([
      pathEvidence('x', [
        allow('eni', 'subnet-b', 'function f (any address in subnet-b) in subnet-b'),
        deny('route', 'rtb-b', 'no IPv4 default route'),
      ]),
    ]);
    expect(line).toBe('subnet-b (function f (any address in subnet-b)) → rtb-b (no IPv4 default route) ✗');
    expect(brokenPathLine([EICE_PATH])).toMatch(
      /^subnet-a \(Instance Connect Endpoint eice-1 in subnet-a\) →/,
    );
  });

  it('does not fold a passing hop into a broken one through the same resource', () => {
    const line = brokenPathLine([
      pathEvidence('x', [
        allow('eni', 'eni-1', ''),
        allow('network-acl', 'acl-1', 'acl-1 outbound rule 100: allow tcp 443'),
        deny('network-acl', 'acl-1', 'acl-1 denies tcp 32768-60999 inbound (the * rule)'),
      ]),
    ]);
    expect(line).toBe('eni-1 → acl-1 (out) → acl-1 (acl-1 denies tcp 32768-60999 inbound (the * rule)) ✗');
  });

  it('takes the first path that breaks and skips paths that work', () => {
    const working = pathEvidence('ok', [allow('eni', 'eni-ok', ''), allow('service', 's3', '')]);
    const broken = pathEvidence('broken', [
      allow('eni', 'eni-2', ''),
      deny('route', 'rtb-2', 'no route to 0.0.0.0/0'),
    ]);
    expect(brokenPathLine([working, broken])).toBe('eni-2 → rtb-2 (no route to 0.0.0.0/0) ✗');
    expect(brokenPathLine([working])).toBeUndefined();
  });

  it('colours only the broken hop', () => {
    const chalk = new Chalk({ level: 1 });
    const line = brokenPathLine([EICE_PATH], chalk)!;
    expect(line).toContain(chalk.red.bold('sg-web (no rule of sg-web allows tcp 22 from eice-1) ✗'));
    expect(line.startsWith('subnet-a (')).toBe(true);
  });
});
