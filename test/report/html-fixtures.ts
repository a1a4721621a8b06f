// A demo scan with the findings the HTML tests need: path evidence with a broken hop (as the path
// engine will emit it, src/findings/path.ts), values planted with markup, a waiver and a baseline.
import type { ScanResult } from '../../src/engine/scan.js';
import type { Finding } from '../../src/engine/types.js';
import { reviewScan } from '../../src/engine/waivers-and-baseline.js';
import { pathEvidence } from '../../src/findings/path.js';
import { demoScan } from './sarif-fixtures.js';

export const PLANTED = {
  script: '<script>window.__pwned = "script"</script>',
  img: '<img src=x onerror="window.__pwned = \'img\'">',
  link: 'javascript:window.__pwned = "link"',
};

export const PATH_FINGERPRINT = 'f'.repeat(64);

export const BROKEN_PATH = pathEvidence(
  'i-0path → sg-0web (egress 443 ok) → acl-0priv (rule 50 deny 443) ✗',
  [
    { kind: 'eni', id: 'eni-0path', decidedBy: '', verdict: 'allow' },
    { kind: 'security-group', id: 'sg-0web', decidedBy: 'egress tcp 443 to 0.0.0.0/0', verdict: 'allow' },
    { kind: 'network-acl', id: 'acl-0priv', decidedBy: 'rule 50 deny tcp 443', verdict: 'deny' },
    { kind: 'route', id: 'rtb-0priv', decidedBy: '0.0.0.0/0 → nat-0a', verdict: 'allow' },
    { kind: 'nat-gateway', id: 'nat-0a', decidedBy: 'available', verdict: 'allow' },
    { kind: 'service', id: 'ssm.eu-west-1.amazonaws.com', decidedBy: 'HTTPS 443', verdict: 'allow' },
  ],
  'ssm',
);

function plantedFindings(template: Finding): Finding[] {
  const resource = { ...template.resource };
  return [
    {
      ...template,
      ruleId: template.ruleId,
      status: 'fail',
      severity: 'high',
      resource: { ...resource, id: 'i-0path', arn: `${resource.arn}-path`, name: 'path-host' },
      message: 'Instance i-0path cannot reach SSM: network ACL acl-0priv denies 443.',
      evidence: [BROKEN_PATH],
      fingerprint: PATH_FINGERPRINT,
    },
    {
      ...template,
      status: 'fail',
      severity: 'critical',
      resource: { ...resource, id: 'i-0xss', arn: `${resource.arn}-xss`, name: PLANTED.script },
      message: `Tag Name is ${PLANTED.img}`,
      evidence: [
        { kind: 'tag', summary: PLANTED.link, details: { Name: PLANTED.script, Link: PLANTED.link } },
      ],
      fingerprint: 'e'.repeat(64),
    },
  ];
}

/** The demo scan plus the planted findings, reviewed with a waiver. */
export async function htmlFixtureScan(): Promise<ScanResult> {
  const demo = await demoScan();
  const template = demo.findings.find((f) => f.status === 'fail')!;
  const result: ScanResult = { ...demo, findings: [...demo.findings, ...plantedFindings(template)] };
  return reviewScan(result, {
    now: new Date('2026-11-21T00:00:00Z'),
    waivers: {
      file: 'waivers.yaml',
      entries: [
        {
          index: 0,
          ruleId: 'ec2-security-group-no-public-ssh',
          resource: 'arn:aws:ec2:*:*:security-group/sg-0a11legc',
          reason: 'Bastion decommissioned next sprint.',
          owner: 'platform@example.com',
          expires: '2027-01-01',
        },
      ],
    },
  });
}
