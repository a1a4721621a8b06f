import { definePublicIngressRule } from './support/public-ingress.js';

// aws-facts §3.4: exact 0.0.0.0/0 or ::/0, or sources covering all of either; tcp or -1; ranges covering 22; UDP 22 passes.
export default definePublicIngressRule({
  meta: {
    id: 'ec2-security-group-no-public-ssh',
    title: 'Security groups do not allow SSH from the whole internet',
    severity: 'high',
    description:
      'Fails when a security group ingress rule (tcp or all protocols) whose port range includes 22 is open to the whole internet: 0.0.0.0/0 or ::/0, directly or through a prefix list, or sources (CIDRs and prefix-list entries of the group, for the same port) that together cover all of IPv4 or IPv6.',
    risk: 'SSH open to the internet invites credential stuffing and exploitation of sshd. Session Manager reaches instances without any inbound port.',
    remediation:
      'Remove the 0.0.0.0/0 and ::/0 sources for port 22. Reach instances through Session Manager, or restrict SSH to known administrative CIDRs.',
    references: {
      securityHub: ['EC2.13', 'EC2.53', 'EC2.54'],
      cis: ['CIS v1.2.0 4.1', 'CIS v3.0.0 5.2', 'CIS v3.0.0 5.3', 'CIS v5.0.0 5.3', 'CIS v5.0.0 5.4'],
      awsConfig: ['restricted-ssh', 'vpc-sg-port-restriction-check'],
      links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13'],
    },
    precision: 'very-high',
  },
  label: 'SSH',
  ports: [22],
  severityByExposure: { internet: 'critical', attached: 'high', unattached: 'low' },
});
