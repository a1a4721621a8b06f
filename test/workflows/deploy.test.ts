// docs/deploy: the scanner policy is read-only and every template grants exactly it; the OIDC
// trust policy, resolved for real parameter values, accepts only this repository's branch (or
// environment) with the STS audience, in the classic and the immutable subject form.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';

const DEPLOY = join(process.cwd(), 'docs/deploy');
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Template = {
  Parameters: Record<string, { Default?: string }>;
  Conditions?: Record<string, Json>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, Json> }>;
};

async function template(name: string): Promise<Template> {
  return parse(await readFile(join(DEPLOY, name), 'utf8')) as Template;
}

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Resolves the intrinsics our templates use (Ref, Fn::Sub, Fn::If, Fn::Equals, Fn::Not, Fn::And)
 * for given parameter values, so the trust policy is tested as what IAM would receive.
 */
function resolver(tpl: Template, overrides: Record<string, string>) {
  const params: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::AccountId': '999999999999',
    ...Object.fromEntries(Object.entries(tpl.Parameters).map(([k, v]) => [k, v.Default ?? ''])),
    ...overrides,
  };
  const condition = (name: string): boolean => {
    const value = resolve(tpl.Conditions?.[name] ?? null);
    if (typeof value !== 'boolean') throw new Error(`condition ${name} is not boolean`);
    return value;
  };
  const sub = (text: string, vars: Record<string, unknown>): string =>
    text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
      const value = name in vars ? vars[name] : params[name];
      if (typeof value !== 'string') throw new Error(`unresolved \${${name}}`);
      return value;
    });
  function resolve(node: Json): unknown {
    if (Array.isArray(node)) return node.map(resolve).filter((v) => v !== NO_VALUE);
    if (node === null || typeof node !== 'object') return node;
    const keys = Object.keys(node);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const arg = node[key] as Json;
      switch (key) {
        case 'Ref':
          if (arg === 'AWS::NoValue') return NO_VALUE;
          if (typeof arg === 'string' && arg in params) return params[arg];
          if (typeof arg === 'string' && arg in tpl.Resources) return `<${arg}>`;
          throw new Error(`unknown Ref ${JSON.stringify(arg)}`);
        case 'Fn::Sub': {
          if (typeof arg === 'string') return sub(arg, {});
          const [text, vars] = arg as [string, Record<string, Json>];
          return sub(text, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, resolve(v)])));
        }
        case 'Fn::If': {
          const [name, whenTrue, whenFalse] = arg as [string, Json, Json];
          return resolve(condition(name) ? whenTrue : whenFalse);
        }
        case 'Fn::Equals': {
          const [a, b] = (arg as Json[]).map(resolve);
          return a === b;
        }
        case 'Fn::Not':
          return !(resolve((arg as Json[])[0] ?? null) as boolean);
        case 'Fn::And':
          return (arg as Json[]).every((item) => resolve(item) === true);
        case 'Fn::GetAtt':
          return `<${(arg as string[]).join('.')}>`;
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const resolved = resolve(value);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }
  return { resolve, condition };
}

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string;
  Principal?: Record<string, string>;
  Condition?: Record<string, Record<string, string | string[]>>;
}
interface PolicyDocument {
  Version: string;
  Statement: Statement[];
}

function trustStatement(tpl: Template, logicalId: string, overrides: Record<string, string>): Statement {
  const { resolve } = resolver(tpl, overrides);
  const role = resolve(tpl.Resources[logicalId]!.Properties) as {
    AssumeRolePolicyDocument: PolicyDocument;
  };
  expect(role.AssumeRolePolicyDocument.Statement).toHaveLength(1);
  return role.AssumeRolePolicyDocument.Statement[0]!;
}

describe('scanner-policy.json (aws-facts §7.1 minimal policy)', () => {
  let policy: PolicyDocument;
  beforeAll(async () => {
    policy = JSON.parse(await readFile(join(DEPLOY, 'scanner-policy.json'), 'utf8')) as PolicyDocument;
  });

  it('is one Allow statement of read-only actions, no wildcard action, no duplicate', () => {
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement).toHaveLength(1);
    const [statement] = policy.Statement;
    expect(statement).toMatchObject({ Effect: 'Allow', Resource: '*' });
    const actions = statement!.Action as string[];
    expect(new Set(actions).size).toBe(actions.length);
    for (const action of actions) {
      expect(action).toMatch(/^(ec2|iam|ssm|rds):[A-Za-z]+$/);
      // GenerateCredentialReport only (re)builds the account's credential report (aws-facts §7.1).
      if (action !== 'iam:GenerateCredentialReport') expect(action).toMatch(/:(Describe|List|Get)/);
    }
    expect(actions).not.toContain('ssm:GetParameter');
  });

  it.each([
    ['scanner-role.cfn.yaml', 'ScannerRole'],
    ['member-role.cfn.yaml', 'MemberRole'],
  ])('%s grants exactly this policy', async (file, logicalId) => {
    const tpl = await template(file);
    const { resolve } = resolver(tpl, {
      GitHubOrg: 'o',
      GitHubRepo: 'r',
      ScannerRoleArn: 'arn:aws:iam::1:role/x',
    });
    const role = resolve(tpl.Resources[logicalId]!.Properties) as {
      Policies: { PolicyName: string; PolicyDocument: PolicyDocument }[];
    };
    expect(role.Policies.find((p) => p.PolicyName === 'aws-audit-read')?.PolicyDocument).toEqual(policy);
  });

  it.each(['scanner-role.tf', 'member-role/member-role.tf'])(
    '%s reads the policy from the file itself',
    async (file) => {
      const text = await readFile(join(DEPLOY, file), 'utf8');
      expect(text).toMatch(/policy\s*=\s*file\("\$\{path\.module\}\/(\.\.\/)?scanner-policy\.json"\)/);
    },
  );
});

describe('scanner-role.cfn.yaml: GitHub OIDC trust (aws-facts §7.2)', () => {
  let tpl: Template;
  beforeAll(async () => {
    tpl = await template('scanner-role.cfn.yaml');
  });
  const repo = { GitHubOrg: 'my-org', GitHubRepo: 'infra-audit' };

  it('trusts the STS audience and this repository main branch, classic and immutable subjects', () => {
    const statement = trustStatement(tpl, 'ScannerRole', {
      ...repo,
      GitHubOrgId: '123456',
      GitHubRepoId: '987654321',
    });
    expect(statement.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(statement.Principal).toEqual({ Federated: '<GitHubOidcProvider>' });
    expect(statement.Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': [
          'repo:my-org/infra-audit:ref:refs/heads/main',
          'repo:my-org@123456/infra-audit@987654321:ref:refs/heads/main',
        ],
      },
    });
  });

  it('without the numeric ids trusts the classic subject only', () => {
    const statement = trustStatement(tpl, 'ScannerRole', repo);
    expect(statement.Condition?.StringEquals?.['token.actions.githubusercontent.com:sub']).toEqual([
      'repo:my-org/infra-audit:ref:refs/heads/main',
    ]);
  });

  it('with an environment, trusts that environment instead of a branch', () => {
    const statement = trustStatement(tpl, 'ScannerRole', {
      ...repo,
      GitHubOrgId: '1',
      GitHubRepoId: '2',
      GitHubEnvironment: 'aws-audit',
    });
    expect(statement.Condition?.StringEquals?.['token.actions.githubusercontent.com:sub']).toEqual([
      'repo:my-org/infra-audit:environment:aws-audit',
      'repo:my-org@1/infra-audit@2:environment:aws-audit',
    ]);
  });

  it('uses an existing OIDC provider by ARN when asked not to create one', () => {
    const statement = trustStatement(tpl, 'ScannerRole', { ...repo, CreateOidcProvider: 'false' });
    expect(statement.Principal).toEqual({
      Federated: 'arn:aws:iam::999999999999:oidc-provider/token.actions.githubusercontent.com',
    });
    expect(resolver(tpl, { ...repo, CreateOidcProvider: 'false' }).condition('CreateProvider')).toBe(false);
  });

  it('never matches subjects by wildcard and never trusts pull_request tokens', async () => {
    const text = await readFile(join(DEPLOY, 'scanner-role.cfn.yaml'), 'utf8');
    expect(text).not.toMatch(/StringLike|ForAllValues/);
    expect(text).not.toMatch(/:pull_request'/);
  });

  it('adds member-role assumption, limited to the organisation, only with fan-out', () => {
    const { resolve } = resolver(tpl, {
      ...repo,
      OrganizationsFanOut: 'true',
      OrganizationId: 'o-abcdefghij',
    });
    const role = resolve(tpl.Resources.ScannerRole!.Properties) as {
      Policies: { PolicyName: string; PolicyDocument: PolicyDocument }[];
    };
    const fanOut = role.Policies.find((p) => p.PolicyName === 'aws-audit-fan-out')!.PolicyDocument;
    expect(fanOut.Statement[0]).toEqual({
      Sid: 'AssumeMemberRoles',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: 'arn:aws:iam::*:role/aws-audit-member',
      Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-abcdefghij' } },
    });
    const without = resolver(tpl, repo).resolve(tpl.Resources.ScannerRole!.Properties) as {
      Policies: { PolicyName: string }[];
    };
    expect(without.Policies.map((p) => p.PolicyName)).toEqual(['aws-audit-read']);
  });
});

describe('scanner-role.tf: the same trust in Terraform', () => {
  it('conditions on aud and sub with StringEquals, both subject forms, environment option', async () => {
    const text = await readFile(join(DEPLOY, 'scanner-role.tf'), 'utf8');
    expect(text).toContain('variable = "token.actions.githubusercontent.com:aud"');
    expect(text).toContain('variable = "token.actions.githubusercontent.com:sub"');
    expect(text.match(/test\s*=\s*"StringEquals"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toContain('"repo:${var.github_org}/${var.github_repo}:${local.subject_context}"');
    expect(text).toContain(
      '"repo:${var.github_org}@${var.github_org_id}/${var.github_repo}@${var.github_repo_id}:${local.subject_context}"',
    );
    expect(text).toContain('"environment:${var.github_environment}"');
    expect(text).toContain('"ref:refs/heads/${var.github_branch}"');
    expect(text).not.toMatch(/StringLike|ForAllValues/);
  });
});

describe('member-role.cfn.yaml', () => {
  it('trusts only the scanner role, with sts:AssumeRole', async () => {
    const tpl = await template('member-role.cfn.yaml');
    const statement = trustStatement(tpl, 'MemberRole', {
      ScannerRoleArn: 'arn:aws:iam::111111111111:role/aws-audit-scanner',
    });
    expect(statement).toEqual({
      Sid: 'AwsAuditScanner',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:role/aws-audit-scanner' },
      Action: 'sts:AssumeRole',
    });
  });
});
