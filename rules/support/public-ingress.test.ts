// The port phrase of a world-open-ingress rule whose ports have no names: no shipped rule has more
// than one such port (SSH and RDP have one, the database rule names its ports), so a spec of its
// own shows how the factory words them.
import { sgRule } from '../../test/support/builders/index.js';
import { evaluateCase } from '../../test/support/rule-tester.js';
import { groupInVpc } from '../../test/support/security-group-fixture.js';
import { definePublicIngressRule } from './public-ingress.js';

const rule = definePublicIngressRule({
  meta: {
    id: 'test-public-web-ports',
    title: 'Security groups do not allow web ports from the whole internet',
    severity: 'medium',
    description: 'Fails when tcp 80, 443 or 8080 is open to the whole internet (a spec for this test only).',
    risk: 'None: a test rule.',
    remediation: 'None: a test rule.',
    references: {},
    precision: 'high',
  },
  label: 'web',
  ports: [80, 443, 8080],
  severityByExposure: { internet: 'high', attached: 'medium', unattached: 'low' },
});

function messageFor(ingress: Parameters<typeof groupInVpc>[0]): string {
  const findings = evaluateCase(rule, groupInVpc(ingress, { subnet: 'subnet-priv' }));
  expect(findings.map((f) => [f.resource.id, f.status])).toEqual([['sg-1', 'fail']]);
  return findings[0]!.message;
}

describe('definePublicIngressRule: unnamed ports in the message', () => {
  it('sums up every port of the rule as "all N" when all of them are open', () => {
    expect(messageFor([sgRule.tcp([80, 8080], '0.0.0.0/0')])).toBe(
      'Security group sg-1 (test) allows web (all 3) from 0.0.0.0/0 and is attached to interfaces that are not reachable from the internet.',
    );
  });

  it('lists the open ports, in the plural, when only some are open', () => {
    expect(messageFor([sgRule.tcp([80, 443], '0.0.0.0/0')])).toBe(
      'Security group sg-1 (test) allows web (ports 80, 443) from 0.0.0.0/0 and is attached to interfaces that are not reachable from the internet.',
    );
  });

  it('lists the open port when only one is open', () => {
    expect(messageFor([sgRule.tcp(8080, '::/0')])).toBe(
      'Security group sg-1 (test) allows web (port 8080) from ::/0 and is attached to interfaces that are not reachable from the internet.',
    );
  });
});
