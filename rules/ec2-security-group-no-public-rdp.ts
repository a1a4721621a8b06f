import { definePublicIngressRule } from './support/public-ingress.js';

// aws-facts §3.4: the whole internet (exact 0.0.0.0/0 or ::/0, or sources covering all of either);
// tcp or -1 over ranges covering 3389, and udp 3389 too: RDP uses UDP 3389 for transport, and
// EC2.53/54 (`protocolType` ALL) and CIS 5.3/5.4 fail it.
export default definePublicIngressRule({
  meta: {
    id: 'ec2-security-group-no-public-rdp',
    title: 'Security groups do not allow RDP from the whole internet',
    severity: 'high',
    description:
      'Fails when a security group ingress rule (tcp, udp or all protocols) whose port range includes 3389 is open to the whole internet: 0.0.0.0/0 or ::/0, directly or through a prefix list, or sources that together cover all of IPv4 or IPv6.',
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
  udpPorts: [3389],
  severityByExposure: { internet: 'critical', attached: 'high', unattached: 'low' },
});
