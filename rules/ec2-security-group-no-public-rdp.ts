import { definePublicIngressRule } from './support/public-ingress.js';

// aws-facts §3.4: exact 0.0.0.0/0 or ::/0; tcp or -1; ranges covering 3389; UDP 3389 passes
// (Config `restricted-common-ports` and EC2.14 check TCP; EC2.53/54 also UDP — see the doc page).
export default definePublicIngressRule({
  meta: {
    id: 'ec2-security-group-no-public-rdp',
    title: 'Security groups do not allow RDP from the whole internet',
    severity: 'high',
    description:
      'Fails when a security group ingress rule (tcp or all protocols) whose port range includes 3389 is open to 0.0.0.0/0 or ::/0, directly or through a prefix list.',
    risk: 'RDP open to the internet is brute-forced within minutes of exposure and has a history of pre-authentication exploits. Session Manager and Fleet Manager reach Windows instances without any inbound port.',
    remediation:
      'Remove the 0.0.0.0/0 and ::/0 sources for port 3389. Reach instances through Session Manager port forwarding or Fleet Manager, or restrict RDP to known administrative CIDRs.',
    references: {
      securityHub: ['EC2.14', 'EC2.53', 'EC2.54'],
      cis: ['CIS v1.2.0 4.2', 'CIS v3.0.0 5.2', 'CIS v3.0.0 5.3', 'CIS v5.0.0 5.3', 'CIS v5.0.0 5.4'],
      awsConfig: ['restricted-common-ports', 'vpc-sg-port-restriction-check'],
      links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-14'],
    },
    precision: 'very-high',
  },
  label: 'RDP',
  ports: [3389],
  severityByExposure: { internet: 'critical', attached: 'high', unattached: 'low' },
});
