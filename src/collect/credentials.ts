// Credentials through @aws-sdk/credential-providers: the default Node chain (environment, SSO,
// shared config/credentials profiles, web identity — GitHub OIDC —, ECS container and EC2
// instance metadata), a named profile, or a role assumed on top of either.
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { UserError } from '../util/errors.js';
import type { CredentialsInput } from './clients.js';

export interface CredentialOptions {
  profile?: string;
  roleArn?: string;
  externalId?: string;
  roleSessionName?: string;
  /** Region and endpoint for the STS client that assumes the role. */
  region: string;
  endpoint?: string;
}

/** A credential failure: one line naming what was tried; exit 2. */
export class CredentialError extends UserError {}

export function describeCredentialSources(options: Pick<CredentialOptions, 'profile' | 'roleArn'>): string {
  const base = options.profile
    ? `profile '${options.profile}' from the shared config and credentials files`
    : 'the default chain (environment variables, SSO, shared config/credentials profile, web identity token, container and instance metadata)';
  return options.roleArn ? `${base}, then assuming ${options.roleArn}` : base;
}

export function credentialProvider(options: CredentialOptions): CredentialsInput {
  // A named profile is read from the shared files only (static keys, SSO, credential_process,
  // role chains all resolve there), so stray environment keys cannot silently win or warn.
  const base = options.profile ? fromIni({ profile: options.profile }) : fromNodeProviderChain();
  if (!options.roleArn) return base;
  return fromTemporaryCredentials({
    masterCredentials: base,
    params: {
      RoleArn: options.roleArn,
      RoleSessionName: options.roleSessionName ?? 'aws-audit',
      ...(options.externalId ? { ExternalId: options.externalId } : {}),
    },
    clientConfig: { region: options.region, ...(options.endpoint ? { endpoint: options.endpoint } : {}) },
  });
}
