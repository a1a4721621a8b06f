// EC2 compute in a region: instances (each with its primary network interface), launch templates,
// Systems Manager's view of instances, and EC2 Instance Connect Endpoints.
import type {
  Instance,
  InstanceConnectEndpoint,
  LaunchTemplate,
  NetworkInterface,
  SsmManagedInstance,
} from '../../../src/snapshot/types.js';
import { NetworkBuilder } from './network.js';
import type { Fields } from './region-core.js';

/** A region's EC2 instances and how they are administered; extended by `RegionBuilder` (workloads.ts). */
export class ComputeBuilder extends NetworkBuilder {
  /**
   * An instance with its primary network interface (`eni-<instance id suffix>`), carrying the
   * instance's security groups and public address, as DescribeNetworkInterfaces would show it.
   */
  instance(id: string, subnetId: string, fields: Fields<Instance, 'id' | 'subnetId'> = {}): Instance {
    const subnet = this.data.subnets.find((s) => s.id === subnetId);
    const eniId = `eni-${id.replace(/^i-/, '')}`;
    const instance: Instance = {
      id,
      arn: this.arn('ec2', `instance/${id}`),
      ownerId: this.accountId,
      state: 'running',
      instanceType: 't3.micro',
      subnetId,
      availabilityZone: subnet?.availabilityZone ?? `${this.region}a`,
      privateIpAddress: '10.0.0.10',
      ipv6Addresses: [],
      networkInterfaceIds: [eniId],
      securityGroupIds: [],
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 2 },
      userData: { present: false, bytes: 0, encoding: 'plain', secrets: [] },
      ...fields,
    };
    if (subnet && instance.vpcId === undefined) instance.vpcId = subnet.vpcId;
    this.data.instances.push(instance);
    const eniFields: Fields<NetworkInterface, 'id' | 'subnetId'> = {
      attachedInstanceId: id,
      securityGroupIds: instance.securityGroupIds,
      privateIpAddresses: instance.privateIpAddress ? [instance.privateIpAddress] : [],
      ipv6Addresses: instance.ipv6Addresses,
    };
    if (instance.publicIpAddress) eniFields.publicIp = instance.publicIpAddress;
    this.networkInterface(eniId, subnetId, eniFields);
    return instance;
  }

  launchTemplate(id: string, fields: Fields<LaunchTemplate, 'id'> = {}): LaunchTemplate {
    const template: LaunchTemplate = {
      id,
      arn: this.arn('ec2', `launch-template/${id}`),
      ownerId: this.accountId,
      name: fields.name ?? id,
      defaultVersionNumber: 1,
      latestVersionNumber: 1,
      ...fields,
    };
    this.data.launchTemplates.push(template);
    return template;
  }

  ssmInstance(instanceId: string, fields: Partial<SsmManagedInstance> = {}): SsmManagedInstance {
    const record: SsmManagedInstance = {
      instanceId,
      pingStatus: 'Online',
      agentVersion: '3.3.987.0',
      platformType: 'Linux',
      resourceType: 'EC2Instance',
      ...fields,
    };
    this.data.ssmInstances.push(record);
    return record;
  }

  defaultHostManagement(enabled: boolean, roleName?: string): this {
    this.data.ssmDefaultHostManagement = roleName ? { enabled, roleName } : { enabled };
    return this;
  }

  /** An EC2 Instance Connect Endpoint in a subnet (its VPC from the subnet), `create-complete`. */
  instanceConnectEndpoint(
    id: string,
    subnetId: string,
    securityGroupIds: string[],
    fields: Fields<InstanceConnectEndpoint, 'id' | 'subnetId' | 'securityGroupIds'> = {},
  ): InstanceConnectEndpoint {
    const endpoint: InstanceConnectEndpoint = {
      id,
      arn: this.arn('ec2', `instance-connect-endpoint/${id}`),
      ownerId: this.accountId,
      vpcId: this.data.subnets.find((s) => s.id === subnetId)?.vpcId ?? '',
      subnetId,
      securityGroupIds,
      preserveClientIp: false,
      state: 'create-complete',
      networkInterfaceIds: [],
      ...fields,
    };
    this.data.instanceConnectEndpoints.push(endpoint);
    return endpoint;
  }
}
