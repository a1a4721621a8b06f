// EC2 compute collectors: instances (one sweep), IAM profile associations (one sweep, merged into
// instances), launch templates with the versions that matter (latest, default, those instances were
// launched from; one sweep plus one call per template with pinned versions), and the
// per-resource calls the API forces: VPC DNS attributes and instance user data (aws-facts §4.2).
import type {
  DescribeLaunchTemplateVersionsCommandInput,
  EC2Client,
  LaunchTemplateVersion as Ec2LaunchTemplateVersion,
} from '@aws-sdk/client-ec2';
import type { Instance, LaunchTemplate, LaunchTemplateVersion, PrefixList } from '../../snapshot/types.js';
import {
  callEach,
  defineListCollector,
  sends,
  runSweep,
  type RegionalCollector,
  type RegionalRun,
} from '../collector.js';
import { commonFields, compact, ec2Arn, ids, isoDate } from '../records.js';
import { scanUserData } from '../user-data-scan.js';
import { ec2 } from './ec2-network.js';
import { ec2Sdk } from '../sdk.js';

const {
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeManagedPrefixListsCommand,
  DescribeVpcAttributeCommand,
  GetManagedPrefixListEntriesCommand,
  paginateDescribeIamInstanceProfileAssociations,
  paginateDescribeInstances,
  paginateDescribeLaunchTemplateVersions,
  paginateDescribeLaunchTemplates,
  paginateDescribeManagedPrefixLists,
  paginateGetManagedPrefixListEntries,
} = ec2Sdk();

export const instancesCollector = defineListCollector({
  kind: 'instances',
  client: ec2,
  sweep: {
    service: 'ec2',
    command: DescribeInstancesCommand,
    paginate: paginateDescribeInstances,
    pageSize: 1000, // never with InstanceIds; always paginated (aws-facts §6.1, §6.2)
    input: {},
    items: (page) => (page.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []),
    map: (instance, context) => {
      if (!instance.InstanceId) return undefined;
      const interfaces = instance.NetworkInterfaces ?? [];
      const tags = commonFields(instance.Tags);
      // EC2 tags every instance launched from a template with its id and version (the number that
      // was resolved from $Default/$Latest at launch): the versions the launch-templates read needs.
      const tag = (key: string) => instance.Tags?.find((t) => t.Key === key)?.Value;
      const launchTemplateId = tag('aws:ec2launchtemplate:id');
      const launchTemplateVersion = tag('aws:ec2launchtemplate:version');
      const metadata = instance.MetadataOptions;
      return {
        id: instance.InstanceId,
        arn: ec2Arn(context, 'instance', instance.InstanceId),
        ...tags,
        state: instance.State?.Name ?? 'unknown',
        ipv6Addresses: interfaces.flatMap((eni) => ids(eni.Ipv6Addresses, (a) => a.Ipv6Address)),
        networkInterfaceIds: ids(interfaces, (eni) => eni.NetworkInterfaceId),
        securityGroupIds: ids(instance.SecurityGroups, (g) => g.GroupId),
        ...compact({
          instanceType: instance.InstanceType,
          vpcId: instance.VpcId,
          subnetId: instance.SubnetId,
          availabilityZone: instance.Placement?.AvailabilityZone,
          privateIpAddress: instance.PrivateIpAddress,
          publicIpAddress: instance.PublicIpAddress,
          iamInstanceProfileArn: instance.IamInstanceProfile?.Arn,
          metadataOptions:
            metadata?.HttpTokens !== undefined
              ? compact({
                  httpTokens: metadata.HttpTokens,
                  httpEndpoint: metadata.HttpEndpoint ?? 'enabled',
                  httpPutResponseHopLimit: metadata.HttpPutResponseHopLimit,
                })
              : undefined,
          launchTime: isoDate(instance.LaunchTime),
          launchTemplateId,
          launchTemplateVersion,
          platform: instance.PlatformDetails ?? instance.Platform,
          imageId: instance.ImageId,
        }),
      };
    },
  },
});

/**
 * DescribeIamInstanceProfileAssociations is the current truth about which profile an instance
 * carries (aws-facts §4.1); associated profiles overwrite what DescribeInstances said.
 */
export const instanceProfileAssociationsCollector: RegionalCollector = {
  kind: 'instanceProfileAssociations',
  scope: 'regional',
  ...sends('ec2', DescribeIamInstanceProfileAssociationsCommand),
  dependsOn: ['instances'],
  async collect(run) {
    const associations = await runSweep(
      run.clients.ec2,
      {
        service: 'ec2',
        command: DescribeIamInstanceProfileAssociationsCommand,
        paginate: paginateDescribeIamInstanceProfileAssociations,
        pageSize: 1000,
        input: {},
        items: (page) => page.IamInstanceProfileAssociations,
        map: (a) =>
          a.InstanceId && a.IamInstanceProfile?.Arn && a.State === 'associated'
            ? { instanceId: a.InstanceId, arn: a.IamInstanceProfile.Arn }
            : undefined,
      },
      run,
    );
    const byInstance = new Map(associations.map((a) => [a.instanceId, a.arn]));
    for (const instance of run.region.instances) {
      const arn = byInstance.get(instance.id);
      if (arn) instance.iamInstanceProfileArn = arn;
    }
    return associations.length;
  },
};

/** Two DescribeVpcAttribute calls per VPC: the API reads one attribute per call (aws-facts §5.2). */
export const vpcAttributesCollector: RegionalCollector = {
  kind: 'vpcAttributes',
  scope: 'regional',
  ...sends('ec2', DescribeVpcAttributeCommand),
  dependsOn: ['vpcs'],
  async collect(run) {
    const client = run.clients.ec2;
    const work = run.region.vpcs.flatMap((vpc) => [
      { vpc, attribute: 'enableDnsSupport' as const },
      { vpc, attribute: 'enableDnsHostnames' as const },
    ]);
    const failures = await callEach(work, run.options.perResourceConcurrency, async ({ vpc, attribute }) => {
      const [value] = await runSweep(
        client,
        {
          service: 'ec2',
          command: DescribeVpcAttributeCommand,
          send: (c: EC2Client, input) => c.send(new DescribeVpcAttributeCommand(input)),
          input: { VpcId: vpc.id, Attribute: attribute },
          items: (page) => [page],
          map: (page) =>
            attribute === 'enableDnsSupport' ? page.EnableDnsSupport?.Value : page.EnableDnsHostnames?.Value,
        },
        run,
        vpc.id,
      );
      if (value !== undefined) vpc[attribute] = value;
    });
    run.recordFailures(failures);
    return run.region.vpcs.length;
  },
};

/** Instances whose user data can still be read: not terminated or terminating. */
function readableInstances(run: { region: { instances: { id: string; state: string }[] } }): string[] {
  return run.region.instances
    .filter((instance) => instance.state !== 'terminated' && instance.state !== 'shutting-down')
    .map((instance) => instance.id);
}

/**
 * The one forced per-instance call (aws-facts §4.2). The base64 text goes straight into
 * `scanUserData` and only its redacted result is kept.
 */
export const instanceUserDataCollector: RegionalCollector = {
  kind: 'instanceUserData',
  scope: 'regional',
  ...sends('ec2', DescribeInstanceAttributeCommand),
  dependsOn: ['instances'],
  async collect(run) {
    const client = run.clients.ec2;
    const byId = new Map(run.region.instances.map((instance) => [instance.id, instance]));
    const targets = readableInstances(run);
    const failures = await callEach(targets, run.options.perResourceConcurrency, async (instanceId) => {
      const [scan] = await runSweep(
        client,
        {
          service: 'ec2',
          command: DescribeInstanceAttributeCommand,
          send: (c: EC2Client, input) => c.send(new DescribeInstanceAttributeCommand(input)),
          input: { InstanceId: instanceId, Attribute: 'userData' as const },
          items: (page) => [page],
          map: (page) => scanUserData(page.UserData?.Value),
        },
        run,
        instanceId,
      );
      const instance = byId.get(instanceId);
      if (instance && scan) instance.userData = scan;
    });
    run.recordFailures(failures);
    return targets.length;
  },
};

function versionRecord(version: Ec2LaunchTemplateVersion): LaunchTemplateVersion {
  const data = version.LaunchTemplateData;
  return compact({
    versionNumber: version.VersionNumber ?? 0,
    iamInstanceProfileArn: data?.IamInstanceProfile?.Arn,
    iamInstanceProfileName: data?.IamInstanceProfile?.Name,
    httpTokens: data?.MetadataOptions?.HttpTokens,
    userData: scanUserData(data?.UserData),
  });
}

interface ReadVersion {
  templateId: string;
  record: LaunchTemplateVersion;
}

const toReadVersion = (version: Ec2LaunchTemplateVersion): ReadVersion | undefined =>
  version.LaunchTemplateId && version.VersionNumber !== undefined
    ? { templateId: version.LaunchTemplateId, record: versionRecord(version) }
    : undefined;

/** Versions read so far, per template and number: each (template, version) is kept once. */
class VersionsRead {
  private readonly byTemplate = new Map<string, Map<number, LaunchTemplateVersion>>();

  add(read: readonly ReadVersion[]): void {
    for (const { templateId, record } of read) {
      const versions = this.byTemplate.get(templateId) ?? new Map<number, LaunchTemplateVersion>();
      if (!versions.has(record.versionNumber)) versions.set(record.versionNumber, record);
      this.byTemplate.set(templateId, versions);
    }
  }

  has(templateId: string, versionNumber: number): boolean {
    return this.byTemplate.get(templateId)?.has(versionNumber) ?? false;
  }

  /** Writes `latestVersion` and the other versions (ascending) onto each template record. */
  place(templates: readonly LaunchTemplate[]): void {
    for (const template of templates) {
      const versions = this.byTemplate.get(template.id) ?? new Map<number, LaunchTemplateVersion>();
      const latest = template.latestVersionNumber;
      const latestRecord = latest === undefined ? undefined : versions.get(latest);
      if (latestRecord) template.latestVersion = latestRecord;
      template.versions = [...versions.values()]
        .filter((version) => version.versionNumber !== latest)
        .sort((a, b) => a.versionNumber - b.versionNumber);
    }
  }
}

/**
 * The versions instances were launched from (`aws:ec2launchtemplate:version`) not read yet, per
 * template, ascending: what is left after the $Latest/$Default sweep.
 */
function pinnedVersionsToRead(
  instances: readonly Instance[],
  templateIds: ReadonlySet<string>,
  read: VersionsRead,
): [string, number[]][] {
  const wanted = new Map<string, Set<number>>();
  for (const instance of instances) {
    const { launchTemplateId: id, launchTemplateVersion: tag } = instance;
    if (id === undefined || tag === undefined || !/^[1-9][0-9]*$/.test(tag) || !templateIds.has(id)) continue;
    const n = Number(tag);
    if (read.has(id, n)) continue;
    const versions = wanted.get(id) ?? new Set<number>();
    versions.add(n);
    wanted.set(id, versions);
  }
  return [...wanted].map(([id, versions]) => [id, [...versions].sort((a, b) => a - b)]);
}

/** One paginated DescribeLaunchTemplateVersions read (200 a page, aws-facts §6.1). */
function readVersions(
  run: RegionalRun,
  input: DescribeLaunchTemplateVersionsCommandInput,
  templateId?: string,
): Promise<ReadVersion[]> {
  return runSweep(
    run.clients.ec2,
    {
      service: 'ec2',
      command: DescribeLaunchTemplateVersionsCommand,
      paginate: paginateDescribeLaunchTemplateVersions,
      pageSize: 200,
      input,
      items: (page) => page.LaunchTemplateVersions,
      map: toReadVersion,
    },
    run,
    templateId,
  );
}

/**
 * Launch templates, then the versions that matter, each (template, version) read once and with the
 * fewest calls: `$Latest` and `$Default` of every template in one sweep (without a template id the
 * API takes exactly those two, aws-facts §4.2), then, per template, one call listing the pinned
 * versions instances were launched from that the sweep did not return (`LaunchTemplateId` +
 * `Versions`). Auto Scaling groups launch `$Default` or a pinned version, not only `$Latest`.
 */
export const launchTemplatesCollector: RegionalCollector = {
  kind: 'launchTemplates',
  scope: 'regional',
  ...sends('ec2', DescribeLaunchTemplatesCommand, DescribeLaunchTemplateVersionsCommand),
  // Instances first: their version tags say which pinned versions to read.
  dependsOn: ['instances'],
  async collect(run) {
    const templates = await runSweep(
      run.clients.ec2,
      {
        service: 'ec2',
        command: DescribeLaunchTemplatesCommand,
        paginate: paginateDescribeLaunchTemplates,
        pageSize: 200, // 1–200 (aws-facts §6.1)
        input: {},
        items: (page) => page.LaunchTemplates,
        map: (template, context): LaunchTemplate | undefined =>
          template.LaunchTemplateId
            ? {
                id: template.LaunchTemplateId,
                arn: ec2Arn(context, 'launch-template', template.LaunchTemplateId),
                ...commonFields(template.Tags),
                name: template.LaunchTemplateName ?? template.LaunchTemplateId,
                ...compact({
                  defaultVersionNumber: template.DefaultVersionNumber,
                  latestVersionNumber: template.LatestVersionNumber,
                }),
              }
            : undefined,
      },
      run,
    );
    // Records stand even if a versions read fails: the versions it would have read are then absent
    // and the kind is marked failed by the runner.
    run.region.launchTemplates = templates;
    if (templates.length === 0) return 0;
    const read = new VersionsRead();
    read.add(await readVersions(run, { Versions: ['$Latest', '$Default'] }));
    read.place(templates);
    const pinned = pinnedVersionsToRead(run.region.instances, new Set(templates.map((t) => t.id)), read);
    const failures = await callEach(pinned, run.options.perResourceConcurrency, async ([id, numbers]) => {
      read.add(await readVersions(run, { LaunchTemplateId: id, Versions: numbers.map(String) }, id));
    });
    read.place(templates);
    run.recordFailures(failures);
    return templates.length;
  },
};

/**
 * Managed prefix lists, with entries read only for customer-managed lists that a security-group
 * rule references (aws-facts §3.4: such a list may hide 0.0.0.0/0). AWS-managed lists (S3,
 * DynamoDB) are service ranges and are not expanded.
 */
export const prefixListsCollector: RegionalCollector = {
  kind: 'prefixLists',
  scope: 'regional',
  ...sends('ec2', DescribeManagedPrefixListsCommand, GetManagedPrefixListEntriesCommand),
  dependsOn: ['securityGroups'],
  async collect(run) {
    const lists = await runSweep(
      run.clients.ec2,
      {
        service: 'ec2',
        command: DescribeManagedPrefixListsCommand,
        paginate: paginateDescribeManagedPrefixLists,
        pageSize: 100, // 1–100 (aws-facts §6.1)
        input: {},
        items: (page) => page.PrefixLists,
        map: (list, context): PrefixList | undefined => {
          if (!list.PrefixListId) return undefined;
          const name = list.PrefixListName ?? list.PrefixListId;
          return {
            id: list.PrefixListId,
            arn: list.PrefixListArn ?? ec2Arn(context, 'prefix-list', list.PrefixListId),
            ...commonFields(list.Tags, list.OwnerId),
            name,
            addressFamily: list.AddressFamily === 'IPv6' ? ('IPv6' as const) : ('IPv4' as const),
            awsManaged: list.OwnerId === 'AWS' || name.startsWith('com.amazonaws.'),
          };
        },
      },
      run,
    );
    run.region.prefixLists = lists;
    const referenced = new Set<string>();
    const groupsKnown = run.region.collection.securityGroups === 'collected';
    for (const group of run.region.securityGroups)
      for (const rule of [...group.ingress, ...group.egress])
        if (rule.peer.kind === 'prefix-list') referenced.add(rule.peer.prefixListId);
    // Without the groups we cannot tell which lists matter, so every customer-managed one is read.
    const toExpand = lists.filter((list) => !list.awsManaged && (!groupsKnown || referenced.has(list.id)));
    const failures = await callEach(toExpand, run.options.perResourceConcurrency, async (list) => {
      const entries = await runSweep(
        run.clients.ec2,
        {
          service: 'ec2',
          command: GetManagedPrefixListEntriesCommand,
          paginate: paginateGetManagedPrefixListEntries,
          pageSize: 100,
          input: { PrefixListId: list.id },
          items: (page) => page.Entries,
          map: (entry) => entry.Cidr,
        },
        run,
        list.id,
      );
      list.entries = entries;
    });
    run.recordFailures(failures);
    return lists.length;
  },
};
