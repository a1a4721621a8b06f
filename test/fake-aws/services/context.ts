// What an operation handler receives, and the shape of the handler tables.
import type { AccountState } from '../account-state.js';
import type { Params } from '../wire/request.js';
import type { ServiceName } from '../wire/protocols.js';
import type { OrganizationSpec } from '../types.js';
import type { SecurityHubState } from './securityhub.js';

export interface IssuedKey {
  accountId: string;
  roleArn: string;
  roleName: string;
  sessionName: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** State shared by all calls of one server. */
export interface ServerState {
  accounts: Map<string, AccountState>;
  firstAccount: AccountState;
  /** Access keys → who they belong to (AssumeRole results and `credentialsFor`). */
  keys: Map<string, IssuedKey>;
  organization?: OrganizationSpec;
  denyAssumeRole: Set<string>;
  nextKeySerial: number;
  /** When the server started (epoch ms): the credential report's generation time. */
  startedAt: number;
  /** Security Hub findings imported so far, and the test's refusals. */
  securityHub: SecurityHubState;
}

export interface CallContext {
  service: ServiceName;
  operation: string;
  region: string;
  account: AccountState;
  accessKeyId: string;
  params: Params;
  server: ServerState;
  requestId: string;
  /** Filled by handlers for the request log. */
  note: { pageSize?: number; items?: number };
}

/** Returns the serialised result members (XML) or body (JSON); throws ApiError on failure. */
export type Handler = (ctx: CallContext) => string;

export type HandlerTable = Record<string, Handler>;
