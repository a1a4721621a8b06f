import { mergeParallelClauses } from './merge-clauses.js';

describe('mergeParallelClauses', () => {
  it('says a clause about two targets once', () => {
    expect(
      mergeParallelClauses([
        'security groups of i-1: sg-1 has no egress rule at all, so nothing is allowed out (tcp 443 to vpce-a interface eni-a (10.0.0.1))',
        'security groups of i-1: sg-1 has no egress rule at all, so nothing is allowed out (tcp 443 to vpce-b interface eni-b (10.0.0.2))',
      ]),
    ).toEqual([
      'security groups of i-1: sg-1 has no egress rule at all, so nothing is allowed out (tcp 443 to vpce-a interface eni-a (10.0.0.1) and vpce-b interface eni-b (10.0.0.2))',
    ]);
  });

  it('keeps different statements apart and drops exact repeats', () => {
    const request = 'network ACL of subnet-1 (request): acl-1 denies tcp 443 outbound to vpce-a';
    const reply =
      'network ACL of subnet-1 (stateless reply on ephemeral ports): acl-1 denies tcp 1024-65535 inbound';
    expect(mergeParallelClauses([request, reply, request])).toEqual([request, reply]);
  });

  it('keeps a clause apart when only one of the differing parts is a plain name', () => {
    const a = 'sg-1 has no egress rule (tcp 443 to vpce-a)';
    const b = 'sg-1 has no egress rule (tcp 443 to vpce-b: closed)';
    expect(mergeParallelClauses([a, b])).toEqual([a, b]);
  });

  it('keeps clauses apart when their endings differ, so neither loses its own', () => {
    const a = 'sg-1 has no egress rule (tcp 443 to vpce-a)';
    const b = 'sg-1 has no egress rule (tcp 443 to vpce-b.';
    expect(mergeParallelClauses([a, b])).toEqual([a, b]);
  });
});
