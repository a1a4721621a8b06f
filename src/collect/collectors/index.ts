// The collector registry: exactly one collector per resource kind. `aws-audit policy` and the
// collection plan are both derived from this list.
import type { GlobalKind, RegionalKind, ResourceKind } from '../../snapshot/types.js';
import type { Collector, GlobalCollector, RegionalCollector } from '../collector.js';
import {
  instanceProfileAssociationsCollector,
  instanceUserDataCollector,
  instancesCollector,
  launchTemplatesCollector,
  prefixListsCollector,
  vpcAttributesCollector,
} from './ec2-compute.js';
import {
  egressOnlyInternetGatewaysCollector,
  instanceConnectEndpointsCollector,
  internetGatewaysCollector,
  natGatewaysCollector,
  networkAclsCollector,
  networkInterfacesCollector,
  routeTablesCollector,
  securityGroupsCollector,
  subnetsCollector,
  vpcEndpointsCollector,
  vpcsCollector,
} from './ec2-network.js';
import {
  createIamUsersCollector,
  iamInstanceProfilesCollector,
  iamPoliciesCollector,
  iamRolesCollector,
  type IamUsersOptions,
} from './iam.js';
import { dhcpOptionsCollector } from './dhcp-options.js';
import { ecsServicesCollector, ecsTaskDefinitionsCollector } from './ecs.js';
import { lambdaFunctionsCollector } from './lambda.js';
import { vpcBlockPublicAccessCollector } from './vpc-block-public-access.js';
import {
  dbInstancesCollector,
  dbSubnetGroupsCollector,
  ssmDefaultHostManagementCollector,
  ssmInstancesCollector,
} from './ssm-rds.js';

export const REGIONAL_COLLECTORS: Readonly<Record<RegionalKind, RegionalCollector>> = {
  vpcs: vpcsCollector,
  vpcAttributes: vpcAttributesCollector,
  dhcpOptions: dhcpOptionsCollector,
  subnets: subnetsCollector,
  routeTables: routeTablesCollector,
  internetGateways: internetGatewaysCollector,
  natGateways: natGatewaysCollector,
  egressOnlyInternetGateways: egressOnlyInternetGatewaysCollector,
  vpcEndpoints: vpcEndpointsCollector,
  securityGroups: securityGroupsCollector,
  networkAcls: networkAclsCollector,
  networkInterfaces: networkInterfacesCollector,
  instances: instancesCollector,
  instanceProfileAssociations: instanceProfileAssociationsCollector,
  instanceUserData: instanceUserDataCollector,
  launchTemplates: launchTemplatesCollector,
  prefixLists: prefixListsCollector,
  ssmInstances: ssmInstancesCollector,
  ssmDefaultHostManagement: ssmDefaultHostManagementCollector,
  dbInstances: dbInstancesCollector,
  dbSubnetGroups: dbSubnetGroupsCollector,
  lambdaFunctions: lambdaFunctionsCollector,
  ecsServices: ecsServicesCollector,
  ecsTaskDefinitions: ecsTaskDefinitionsCollector,
  instanceConnectEndpoints: instanceConnectEndpointsCollector,
  vpcBlockPublicAccess: vpcBlockPublicAccessCollector,
};

export function globalCollectors(
  options: IamUsersOptions = {},
): Readonly<Record<GlobalKind, GlobalCollector>> {
  return {
    iamUsers: createIamUsersCollector(options),
    iamRoles: iamRolesCollector,
    iamInstanceProfiles: iamInstanceProfilesCollector,
    iamPolicies: iamPoliciesCollector,
  };
}

export function collectorFor(kind: ResourceKind): Collector {
  const regional = (REGIONAL_COLLECTORS as Partial<Record<ResourceKind, RegionalCollector>>)[kind];
  if (regional) return regional;
  return globalCollectors()[kind as GlobalKind];
}
