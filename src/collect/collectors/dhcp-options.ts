// DHCP options: which DNS servers each VPC hands its instances (issue 20 item 8). Interface
// endpoints answer for a service's name only through the Amazon-provided resolver's private zone;
// a VPC whose `domain-name-servers` is anything but `AmazonProvidedDNS` may not resolve them.
// One DescribeDhcpOptions sweep per region, joined in memory to each VPC's `dhcpOptionsId`.
import { sends, runSweep, type RegionalCollector } from '../collector.js';
import { ec2Sdk } from '../sdk.js';

const { DescribeDhcpOptionsCommand, paginateDescribeDhcpOptions } = ec2Sdk();

/** `dhcpOptionsId` of a VPC that uses no DHCP options set. */
const NO_OPTIONS = 'default';

export const dhcpOptionsCollector: RegionalCollector = {
  kind: 'dhcpOptions',
  scope: 'regional',
  ...sends('ec2', DescribeDhcpOptionsCommand),
  dependsOn: ['vpcs'],
  async collect(run) {
    const sets = await runSweep(
      run.clients.ec2,
      {
        service: 'ec2',
        command: DescribeDhcpOptionsCommand,
        paginate: paginateDescribeDhcpOptions,
        pageSize: 1000, // 5–1000 (EC2 API reference, DescribeDhcpOptions MaxResults)
        input: {},
        items: (page) => page.DhcpOptions,
        map: (set) => {
          if (!set.DhcpOptionsId) return undefined;
          const servers = (set.DhcpConfigurations ?? []).find((c) => c.Key === 'domain-name-servers');
          return {
            id: set.DhcpOptionsId,
            servers: (servers?.Values ?? []).flatMap((v) => (v.Value === undefined ? [] : [v.Value])),
          };
        },
      },
      run,
    );
    const byId = new Map(sets.map((set) => [set.id, set.servers]));
    for (const vpc of run.region.vpcs) {
      // A set without the key, and "no options set", both give no server list: recorded as empty.
      if (vpc.dhcpOptionsId === NO_OPTIONS) vpc.domainNameServers = [];
      else if (vpc.dhcpOptionsId !== undefined) {
        const servers = byId.get(vpc.dhcpOptionsId);
        if (servers) vpc.domainNameServers = servers;
      }
    }
    return sets.length;
  },
};
