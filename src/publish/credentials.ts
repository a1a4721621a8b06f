// Credentials per account for `publish`: Security Hub accepts a finding only from the account it
// names (aws-facts §10.4), so an organisation's findings are imported from inside each account,
// through `--org-role-name`, assumed on top of the caller's credentials.
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { CredentialsInput } from '../collect/clients.js';
import { credentialProvider, type CredentialOptions } from '../collect/credentials.js';
import { memberRoleArn } from '../collect/organization.js';
import { UserError } from '../util/errors.js';

export interface PublishCredentialOptions extends CredentialOptions {
  orgRoleName?: string;
  partition: string;
}

/** Credentials for each account, or a UserError when several accounts need `--org-role-name`. */
export function credentialsPerAccount(
  accountIds: readonly string[],
  options: PublishCredentialOptions,
): (accountId: string) => CredentialsInput {
  const base = credentialProvider(options);
  if (options.orgRoleName === undefined) {
    if (accountIds.length > 1)
      throw new UserError(
        `the findings name ${accountIds.length} accounts (${accountIds.join(', ')}); Security Hub accepts a finding only from its own account: pass --org-role-name to import from inside each`,
      );
    return () => base;
  }
  const roleName = options.orgRoleName;
  const perAccount = new Map<string, CredentialsInput>();
  return (accountId) => {
    let credentials = perAccount.get(accountId);
    if (!credentials) {
      credentials = fromTemporaryCredentials({
        masterCredentials: base,
        params: {
          RoleArn: memberRoleArn(options.partition, accountId, roleName),
          RoleSessionName: 'aws-audit-publish',
        },
        clientConfig: { region: options.region, ...(options.endpoint ? { endpoint: options.endpoint } : {}) },
      });
      perAccount.set(accountId, credentials);
    }
    return credentials;
  };
}
