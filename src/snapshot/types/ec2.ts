// EC2 compute records: network interfaces, instances (with their user-data scan), launch templates
// and EC2 Instance Connect Endpoints, and what a region holds of them.
import type { Integer, NonEmptyString, Resource, Sha256Hex } from './common.js';

export interface NetworkInterface extends Resource {
  vpcId: string;
  subnetId: string;
  availabilityZone?: string;
  /** `interface`, `nat_gateway`, `vpc_endpoint`, `lambda`, … */
  interfaceType: string;
  status?: string;
  securityGroupIds: string[];
  privateIpAddresses: string[];
  ipv6Addresses: string[];
  publicIp?: string;
  attachedInstanceId?: string;
  requesterManaged: boolean;
  sourceDestCheck: boolean;
  description?: string;
}

/** What a scan of user data found. Only redacted matches, lengths and hashes: never the secret. */
export interface SecretMatch {
  type: 'aws-access-key-id' | 'aws-secret-access-key';
  /** e.g. `AKIA…WXYZ` */
  redacted: string;
  length: Integer;
  /** sha256 of the matched text, hex, so the same secret can be recognised across resources. */
  sha256: Sha256Hex;
  /** 1-based line in the decoded text. */
  line: Integer;
}

export interface UserDataScan {
  present: boolean;
  /** Size of the decoded (and decompressed) text in bytes. */
  bytes: Integer;
  encoding: 'plain' | 'gzip' | 'utf-16' | 'binary';
  sha256?: Sha256Hex;
  secrets: SecretMatch[];
}

export interface MetadataOptions {
  /** `required` means IMDSv2 only; `optional` allows v1 (aws-facts §5.3). */
  httpTokens: string;
  httpEndpoint: string;
  httpPutResponseHopLimit?: Integer;
}

export interface Instance extends Resource {
  state: NonEmptyString;
  instanceType?: string;
  vpcId?: string;
  subnetId?: string;
  availabilityZone?: string;
  privateIpAddress?: string;
  publicIpAddress?: string;
  ipv6Addresses: string[];
  networkInterfaceIds: string[];
  securityGroupIds: string[];
  iamInstanceProfileArn?: string;
  metadataOptions?: MetadataOptions;
  launchTime?: string;
  launchTemplateId?: string;
  /** The `aws:ec2launchtemplate:version` tag: the template version the instance was launched from. */
  launchTemplateVersion?: string;
  platform?: string;
  imageId?: string;
  /** Absent when user data was not read for this instance (kind `instanceUserData`). */
  userData?: UserDataScan;
}

export interface LaunchTemplateVersion {
  versionNumber: Integer;
  iamInstanceProfileArn?: string;
  iamInstanceProfileName?: string;
  httpTokens?: string;
  userData?: UserDataScan;
}

export interface LaunchTemplate extends Resource {
  name: string;
  defaultVersionNumber?: Integer;
  latestVersionNumber?: Integer;
  /** The latest version's data; absent when it could not be read. */
  latestVersion?: LaunchTemplateVersion;
  /**
   * Other versions read, each once: the default version and the versions instances were launched
   * from (their `aws:ec2launchtemplate:version` tag), when they differ from the latest. Absent in
   * snapshots from before versions were read.
   */
  versions?: LaunchTemplateVersion[];
}

/** An EC2 Instance Connect Endpoint (DescribeInstanceConnectEndpoints, aws-facts §10.3). */
export interface InstanceConnectEndpoint extends Resource {
  vpcId: NonEmptyString;
  subnetId: NonEmptyString;
  securityGroupIds: string[];
  preserveClientIp: boolean;
  /** `create-complete` when usable. */
  state: string;
  networkInterfaceIds: string[];
}

/** What a region holds of EC2 compute: these members of `RegionSnapshot`. */
export interface Ec2RegionPart {
  networkInterfaces: NetworkInterface[];
  instances: Instance[];
  launchTemplates: LaunchTemplate[];
  instanceConnectEndpoints: InstanceConnectEndpoint[];
}
