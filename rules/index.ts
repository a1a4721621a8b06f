// The rule registry: every rule, in report order. The meta-test fails when a rule file is missing
// here, or lacks its doc page or test.
import type { Rule } from '../src/engine/types.js';
import ec2SecurityGroupNoPublicSsh from './ec2-security-group-no-public-ssh.js';
import ec2SecurityGroupNoPublicRdp from './ec2-security-group-no-public-rdp.js';
import ec2SecurityGroupNoPublicDatabasePorts from './ec2-security-group-no-public-database-ports.js';
import ec2InstanceIamRoleAttached from './ec2-instance-iam-role-attached.js';
import ec2InstanceNoStaticCredentials from './ec2-instance-no-static-credentials.js';
import ec2InstanceImdsv2Required from './ec2-instance-imdsv2-required.js';
import iamUserNoStaleAccessKeys from './iam-user-no-stale-access-keys.js';
import rdsInstanceNotPubliclyAccessible from './rds-instance-not-publicly-accessible.js';
import ssmAgentEndpointReachable from './ssm-agent-endpoint-reachable.js';
import vpcPrivateSubnetS3GatewayEndpoint from './vpc-private-subnet-s3-gateway-endpoint.js';
import lambdaFunctionVpcServiceReachable from './lambda-function-vpc-service-reachable.js';
import ecsServicePrivateImagePull from './ecs-service-private-image-pull.js';

export const ruleRegistry: readonly Rule[] = [
  ec2SecurityGroupNoPublicSsh,
  ec2SecurityGroupNoPublicRdp,
  ec2SecurityGroupNoPublicDatabasePorts,
  ec2InstanceIamRoleAttached,
  ec2InstanceNoStaticCredentials,
  ec2InstanceImdsv2Required,
  iamUserNoStaleAccessKeys,
  rdsInstanceNotPubliclyAccessible,
  vpcPrivateSubnetS3GatewayEndpoint,
  ssmAgentEndpointReachable,
  lambdaFunctionVpcServiceReachable,
  ecsServicePrivateImagePull,
];
