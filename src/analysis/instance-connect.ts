// Can an EC2 Instance Connect Endpoint reach an instance? (aws-facts §10.3). The endpoint is an
// ENI in a subnet of the instance's VPC; it connects to private IPv4 addresses in its VPC on 22
// (Linux) or 3389 (Windows) only, and is usable once `create-complete`. Its security group must
// let the connection out to the instance; the instance's groups must let it in — from the
// endpoint's group or address, or, with PreserveClientIp, from the client's address (the endpoint
// passes it on, so a group reference to the endpoint no longer matches); the ACLs of both subnets
// must pass the request and the stateless reply when the subnets differ. Traffic *to* the endpoint
// comes from the service and needs no inbound rule. The flow is the path engine's target reach.
import type { Evidence } from '../findings/types.js';
import type { Instance, InstanceConnectEndpoint } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import { formatCidr, parseCidr, type Cidr } from './cidr.js';
import { EPHEMERAL_PORTS } from './nacl.js';
import { expandPrefixList } from './prefix-lists.js';
import { ruleAllowsPort } from './protocols.js';
import { reachTarget, type PathProblem, type Placement, type TargetReach } from './path/index.js';

/** aws-facts §10.3: the only ports an Instance Connect Endpoint connects to. */
export const SSH_PORT = 22;
export const RDP_PORT = 3389;
/** `create-complete` is the one usable state (aws-facts §10.3). */
export const USABLE_STATE = 'create-complete';

export function adminPort(instance: Instance): number {
  return instance.platform?.toLowerCase() === 'windows' ? RDP_PORT : SSH_PORT;
}

export interface EndpointWay {
  endpoint: InstanceConnectEndpoint;
  verdict: TargetReach['verdict'];
  /** The flow, when the endpoint is usable and its placement known. */
  reach?: TargetReach;
  /** With PreserveClientIp: the client ranges the instance's groups admit on the port. */
  clientRanges?: string[];
  problems: PathProblem[];
  doubts: PathProblem[];
  evidence: Evidence[];
}

export interface InstanceConnectReach {
  verdict: TargetReach['verdict'];
  port: number;
  /** Every endpoint of the instance's VPC, the first that works first. */
  ways: EndpointWay[];
  /** Why there is no way at all (no endpoint in the VPC). */
  problems: PathProblem[];
}

function endpointEvidence(endpoint: InstanceConnectEndpoint): Evidence {
  return {
    kind: 'instance-connect-endpoint',
    summary: `${endpoint.id} in ${endpoint.subnetId} is ${endpoint.state}, groups ${endpoint.securityGroupIds.join(', ') || 'none'}, PreserveClientIp ${String(endpoint.preserveClientIp)}`,
    resourceId: endpoint.id,
    details: {
      endpointId: endpoint.id,
      subnetId: endpoint.subnetId,
      state: endpoint.state,
      preserveClientIp: endpoint.preserveClientIp,
      securityGroupIds: endpoint.securityGroupIds,
    },
  };
}

/** The endpoint as a flow source: its interface when known, else any address of its subnet. */
function endpointPlacement(region: RegionView, endpoint: InstanceConnectEndpoint): Placement {
  const eniId = endpoint.networkInterfaceIds[0];
  const eni = eniId === undefined ? undefined : region.networkInterface(eniId);
  const placement: Placement = {
    workloadId: endpoint.id,
    label: `Instance Connect Endpoint ${endpoint.id}`,
    subnetId: endpoint.subnetId,
    securityGroupIds:
      eni && eni.securityGroupIds.length > 0 ? eni.securityGroupIds : endpoint.securityGroupIds,
    publicIpv4: 'never',
    // The endpoint's source ports are not documented: its replies are judged on 1024–65535.
    ephemeralPorts: EPHEMERAL_PORTS.any,
  };
  if (eni) placement.eniId = eni.id;
  const address = eni?.privateIpAddresses[0];
  if (address !== undefined) placement.privateIp = address;
  return placement;
}

/** The address ranges (not group references) the groups admit on tcp `port`: the clients' ranges. */
function admittedClientRanges(
  region: RegionView,
  groupIds: readonly string[],
  port: number,
): { ranges: { cidr: Cidr; text: string }[]; doubts: string[] } {
  const ranges: { cidr: Cidr; text: string }[] = [];
  const doubts: string[] = [];
  for (const groupId of groupIds) {
    const group = region.securityGroup(groupId);
    if (!group) {
      doubts.push(`security group ${groupId} is not in the snapshot`);
      continue;
    }
    for (const rule of group.ingress) {
      if (!ruleAllowsPort(rule, 'tcp', port)) continue;
      const peer = rule.peer;
      if (peer.kind === 'cidr-ipv4') {
        const cidr = parseCidr(peer.cidr);
        if (cidr) ranges.push({ cidr, text: `${peer.cidr} (${group.id})` });
      } else if (peer.kind === 'prefix-list') {
        const expansion = expandPrefixList(region, peer.prefixListId);
        if (expansion.status === 'unknown') doubts.push(expansion.reason);
        else
          for (const cidr of expansion.cidrs)
            if (cidr.family === 'ipv4')
              ranges.push({ cidr, text: `${formatCidr(cidr)} (${peer.prefixListId} in ${group.id})` });
      }
    }
  }
  return { ranges, doubts };
}

/**
 * One endpoint's way to the instance on `port` (22 or 3389): the rule's judgement of each endpoint
 * and `aws-audit reach --from eice-… --to i-…` alike, so the path they show is the same item.
 * `target` is the instance's placement (instancePlacement).
 */
export function endpointWay(
  region: RegionView,
  endpoint: InstanceConnectEndpoint,
  instance: Instance,
  target: Placement,
  port: number,
): EndpointWay {
  const evidence = [endpointEvidence(endpoint)];
  const instanceVpc = region.subnet(target.subnetId)?.vpcId ?? instance.vpcId;
  // aws-facts §10.3: it connects to private IPs in its own VPC, on 22 and 3389 only.
  const unusable =
    endpoint.state.toLowerCase() !== USABLE_STATE
      ? `endpoint ${endpoint.id} is ${endpoint.state}, not ${USABLE_STATE}`
      : instanceVpc !== undefined && instanceVpc !== endpoint.vpcId
        ? `endpoint ${endpoint.id} is in ${endpoint.vpcId} and connects only within its VPC, not to ${instance.id} in ${instanceVpc}`
        : port !== SSH_PORT && port !== RDP_PORT
          ? `endpoint ${endpoint.id} connects on tcp ${SSH_PORT} and ${RDP_PORT} only, not ${port}`
          : undefined;
  if (unusable !== undefined) {
    return {
      endpoint,
      verdict: 'unreachable',
      problems: [{ message: unusable, evidence }],
      doubts: [],
      evidence,
    };
  }
  const source = endpointPlacement(region, endpoint);
  const spec = {
    id: instance.id,
    label: instance.id,
    subnetId: target.subnetId,
    groupIds: target.securityGroupIds,
    ports: [port],
    protocol: 'tcp' as const,
    ...(target.privateIp !== undefined ? { address: target.privateIp } : {}),
  };
  if (!endpoint.preserveClientIp) {
    const reach = reachTarget(region, source, spec);
    return {
      endpoint,
      verdict: reach.verdict,
      reach,
      problems: reach.problems,
      doubts: reach.doubts,
      evidence,
    };
  }
  // PreserveClientIp: the instance sees the client's address; judge the first admitted range that
  // gets through (groups and the instance subnet's ACL), naming the ranges.
  const admitted = admittedClientRanges(region, target.securityGroupIds, port);
  if (admitted.ranges.length === 0) {
    const message = `endpoint ${endpoint.id} preserves the client's IP, and the groups of ${instance.id} (${target.securityGroupIds.join(', ')}) admit tcp ${port} from no address range`;
    if (admitted.doubts.length > 0)
      return {
        endpoint,
        verdict: 'indeterminate',
        problems: [],
        doubts: [{ message: `${message} that is known: ${admitted.doubts.join('; ')}`, evidence }],
        evidence,
      };
    return { endpoint, verdict: 'unreachable', problems: [{ message, evidence }], doubts: [], evidence };
  }
  let first: TargetReach | undefined;
  for (const range of admitted.ranges) {
    const reach = reachTarget(region, source, spec, {
      seenAs: { cidr: range.cidr, label: `clients in ${range.text}` },
    });
    first ??= reach;
    if (reach.verdict === 'reachable') {
      return {
        endpoint,
        verdict: 'reachable',
        reach,
        clientRanges: admitted.ranges.map((r) => r.text),
        problems: [],
        doubts: [],
        evidence,
      };
    }
  }
  const reach = first!;
  return {
    endpoint,
    verdict: reach.verdict,
    reach,
    clientRanges: admitted.ranges.map((r) => r.text),
    problems: reach.problems,
    doubts: reach.doubts,
    evidence,
  };
}

/**
 * Whether some Instance Connect Endpoint of the instance's VPC reaches it on 22 or 3389. `target`
 * is the instance's placement (instancePlacement). The caller checks the kinds were collected.
 */
export function instanceConnectReach(
  region: RegionView,
  instance: Instance,
  target: Placement,
): InstanceConnectReach {
  const port = adminPort(instance);
  const vpcId = region.subnet(target.subnetId)?.vpcId ?? instance.vpcId;
  const endpoints = vpcId === undefined ? [] : region.instanceConnectEndpointsOfVpc(vpcId);
  if (endpoints.length === 0) {
    return {
      verdict: 'unreachable',
      port,
      ways: [],
      problems: [{ message: `${vpcId ?? 'its VPC'} has no EC2 Instance Connect Endpoint`, evidence: [] }],
    };
  }
  const ways: EndpointWay[] = [];
  for (const endpoint of endpoints) {
    const way = endpointWay(region, endpoint, instance, target, port);
    if (way.verdict === 'reachable')
      return { verdict: 'reachable', port, ways: [way, ...ways], problems: [] };
    ways.push(way);
  }
  const verdict = ways.some((w) => w.verdict === 'indeterminate') ? 'indeterminate' : 'unreachable';
  return { verdict, port, ways, problems: [] };
}
