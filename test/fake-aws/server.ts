// The HTTP endpoint: reads service, region and caller from each request, applies injected faults,
// region opt-in and token buckets, runs the operation, and answers in the service's wire protocol
// after the configured latency.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { AccountState } from './account-state.js';
import { FaultInjector } from './faults.js';
import { Recorder } from './recorder.js';
import { DEFAULT_THROTTLING, TokenBuckets, UNFILTERED_UNPAGINATED_ACTIONS } from './throttling.js';
import type { ThrottlingLimits } from './throttling.js';
import type { FakeAws, FakeAwsCredentials, FakeAwsOptions, FaultRule, RequestRecord } from './types.js';
import type { CallContext, HandlerTable, ServerState } from './services/context.js';
import { ec2CallIsPagedOrFiltered, ec2Handlers } from './services/ec2.js';
import { issueKey, stsHandlers } from './services/sts.js';
import { iamHandlers } from './services/iam.js';
import { ssmHandlers } from './services/ssm.js';
import { rdsHandlers } from './services/rds.js';
import { organizationsHandlers } from './services/organizations.js';
import { SECURITY_HUB_ROUTES, securityHubHandlers } from './services/securityhub.js';
import { LAMBDA_ROUTES, lambdaHandlers } from './services/lambda.js';
import { ecsHandlers } from './services/ecs.js';
import {
  ApiError,
  accessDenied,
  errorResponse,
  expiredToken,
  isServiceName,
  protocolOf,
  regionNotOptedIn,
  successResponse,
  throttled,
} from './wire/protocols.js';
import type { ServiceName, WireResponse } from './wire/protocols.js';
import { JsonParams, QueryParams, credentialScope } from './wire/request.js';

const HANDLERS: Record<ServiceName, HandlerTable> = {
  ec2: ec2Handlers,
  sts: stsHandlers,
  iam: iamHandlers,
  ssm: ssmHandlers,
  rds: rdsHandlers,
  organizations: organizationsHandlers,
  securityhub: securityHubHandlers,
  lambda: lambdaHandlers,
  ecs: ecsHandlers,
};

/** restJson1 services: `METHOD path` → operation (paths without the query string). */
const REST_ROUTES: Partial<Record<ServiceName, Record<string, string>>> = {
  securityhub: SECURITY_HUB_ROUTES,
  lambda: LAMBDA_ROUTES,
};

/** Services whose endpoints are regional, hence refuse credentials in a region not opted in. */
const REGIONAL: ReadonlySet<ServiceName> = new Set(['ec2', 'ssm', 'rds', 'sts', 'lambda', 'ecs']);

type Outcome =
  | { kind: 'respond'; response: WireResponse; throttled: boolean; corrupt?: 'malformed' | 'truncated' }
  | { kind: 'drop' };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeAws(options: FakeAwsOptions): Promise<FakeAws> {
  const firstSnapshot = options.accounts[0];
  if (!firstSnapshot) throw new Error('fake-aws: at least one account is required');
  const accounts = new Map<string, AccountState>();
  for (const account of options.accounts) {
    accounts.set(
      account.snapshot.accountId,
      new AccountState(account, options.credentialReportPresent ?? true),
    );
  }
  const state: ServerState = {
    accounts,
    firstAccount: accounts.get(firstSnapshot.snapshot.accountId)!,
    keys: new Map(),
    denyAssumeRole: new Set(options.denyAssumeRole ?? []),
    nextKeySerial: 1,
    startedAt: Date.now(),
    securityHub: {
      findings: new Map(),
      ...(options.securityHubReject ? { reject: options.securityHubReject } : {}),
    },
  };
  if (options.organization) state.organization = options.organization;
  const faults = new FaultInjector(options.faults, options.seed ?? 1);
  const recorder = new Recorder(options.requestLogLimit ?? 50_000);
  const buckets = new TokenBuckets();
  const limits: ThrottlingLimits | undefined =
    options.throttling === true
      ? DEFAULT_THROTTLING
      : typeof options.throttling === 'object'
        ? { ...DEFAULT_THROTTLING, ...options.throttling }
        : undefined;
  const latencyMs = options.latencyMs ?? 0;

  // Answers still waiting out their latency or `delay` fault. Closing the server clears their
  // timers: a 15 s delay whose client was killed would otherwise keep the test's process alive
  // after its last test (Jest: "A worker process has failed to exit gracefully").
  const delays = new Set<{ timer: NodeJS.Timeout; resolve: (elapsed: boolean) => void }>();
  let closed = false;

  /** Waits `ms`; false when the server was closed first (or is closed already). */
  function delayAnswer(ms: number): Promise<boolean> {
    if (closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const pending = {
        timer: setTimeout(() => {
          delays.delete(pending);
          resolve(true);
        }, ms),
        resolve,
      };
      delays.add(pending);
    });
  }

  function bucketAllows(ctx: CallContext): boolean {
    if (!limits) return true;
    const { service, operation, region, account } = ctx;
    if (service === 'ec2') {
      // aws-facts §6.2: the seven heavy actions, unpaged and unfiltered, use the small bucket.
      const small = UNFILTERED_UNPAGINATED_ACTIONS.has(operation) && !ec2CallIsPagedOrFiltered(ctx);
      return small
        ? buckets.take(`${account.id}|${region}|ec2|${operation}|unpaged`, limits.ec2Unpaged)
        : buckets.take(`${account.id}|${region}|ec2|${operation}`, limits.ec2);
    }
    if (service === 'iam') return buckets.take(`${account.id}|iam|${operation}`, limits.iam);
    if (service === 'ssm') return buckets.take(`${account.id}|${region}|ssm|${operation}`, limits.ssm);
    if (service === 'securityhub')
      return buckets.take(`${account.id}|${region}|securityhub|${operation}`, limits.securityHub);
    return true;
  }

  function decide(ctx: CallContext, fault: FaultRule | undefined): Outcome {
    const { service, operation, requestId } = ctx;
    const fail = (error: ApiError, isThrottle = false): Outcome => ({
      kind: 'respond',
      response: errorResponse(service, error.status, error.code, error.message, requestId),
      throttled: isThrottle,
    });
    if (fault) {
      switch (fault.kind) {
        case 'drop':
          return { kind: 'drop' };
        case 'throttle':
          return fail(throttled(service), true);
        case 'expired-token':
          return fail(expiredToken(service));
        case 'html-error': {
          // What a proxy, load balancer or emulator answers: an HTML page, not an AWS error document.
          const status = fault.status ?? 500;
          const body = `<!DOCTYPE html><html><head><title>${status} Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>${fault.message ?? 'The server encountered an internal error.'}</p></body></html>`;
          return {
            kind: 'respond',
            response: { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body },
            throttled: false,
          };
        }
        case 'error': {
          const principal =
            ctx.account.snapshot.identity?.arn ?? `arn:aws:iam::${ctx.account.id}:user/fake-aws`;
          const base = accessDenied(service, operation, principal);
          return fail(
            new ApiError(fault.status ?? base.status, fault.code ?? base.code, fault.message ?? base.message),
          );
        }
        case 'delay':
        case 'malformed':
        case 'truncated':
          break;
      }
    }
    if (REGIONAL.has(service)) {
      const availability = ctx.account.regions.get(ctx.region)?.availability;
      if (availability === 'not-opted-in') return fail(regionNotOptedIn(service));
      // A region recorded as unreachable behaves as one: the connection fails.
      if (availability === 'unreachable') return { kind: 'drop' };
    }
    if (!bucketAllows(ctx)) return fail(throttled(service), true);
    const handler = HANDLERS[service][operation];
    if (!handler) {
      return fail(
        protocolOf(service) === 'json' || protocolOf(service) === 'rest-json'
          ? new ApiError(
              400,
              'UnknownOperationException',
              `fake-aws does not implement ${service}:${operation}`,
            )
          : new ApiError(400, 'InvalidAction', `fake-aws does not implement ${service}:${operation}`),
      );
    }
    let members: string;
    try {
      members = handler(ctx);
    } catch (error) {
      if (error instanceof ApiError) return fail(error);
      const message = error instanceof Error ? error.message : String(error);
      return fail(new ApiError(500, 'InternalError', `fake-aws: ${message}`));
    }
    const response = successResponse(service, operation, members, requestId);
    const corrupt = fault?.kind === 'malformed' || fault?.kind === 'truncated' ? fault.kind : undefined;
    return corrupt
      ? { kind: 'respond', response, throttled: false, corrupt }
      : { kind: 'respond', response, throttled: false };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    recorder.arrived(performance.timeOrigin + performance.now());
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const requestId = randomUUID();
    const scope = credentialScope(req.headers);
    if (!scope || !isServiceName(scope.service)) {
      const response = errorResponse(
        'sts',
        403,
        'MissingAuthenticationToken',
        scope
          ? `fake-aws does not serve service '${scope.service}'`
          : 'Request is missing a SigV4 Authorization header',
        requestId,
      );
      res.writeHead(response.status, response.headers).end(response.body);
      return;
    }
    const service = scope.service;
    const protocol = protocolOf(service);
    const json = protocol === 'json' || protocol === 'rest-json';
    const target = req.headers['x-amz-target'];
    let params: CallContext['params'];
    let operation: string;
    try {
      if (protocol === 'rest-json' && req.method === 'GET') {
        // restJson1 GET operations (Lambda ListFunctions) carry their input in the query string.
        const query = new QueryParams('');
        for (const [k, v] of url.searchParams) query.map.set(k, v);
        params = query;
        operation = REST_ROUTES[service]?.[`GET ${url.pathname}`] ?? 'Unknown';
      } else if (json) {
        params = new JsonParams(body);
        operation =
          protocol === 'rest-json'
            ? (REST_ROUTES[service]?.[`${req.method ?? ''} ${url.pathname}`] ?? 'Unknown')
            : ((typeof target === 'string' ? target.split('.').pop() : undefined) ?? 'Unknown');
      } else {
        const query = new QueryParams(body);
        for (const [k, v] of url.searchParams) if (!query.map.has(k)) query.map.set(k, v);
        params = query;
        operation = query.string('Action') ?? 'Unknown';
      }
    } catch (error) {
      const e =
        error instanceof ApiError ? error : new ApiError(400, 'SerializationException', String(error));
      const response = errorResponse(service, e.status, e.code, e.message, requestId);
      res.writeHead(response.status, response.headers).end(response.body);
      return;
    }
    const issued = state.keys.get(scope.accessKeyId);
    const account = (issued && state.accounts.get(issued.accountId)) ?? state.firstAccount;
    const ctx: CallContext = {
      service,
      operation,
      region: scope.region,
      account,
      accessKeyId: scope.accessKeyId,
      params,
      server: state,
      requestId,
      note: {},
    };
    const fault = faults.match({ service, operation, region: scope.region, accountId: account.id });
    const outcome = decide(ctx, fault);
    const delay = latencyMs + (fault?.kind === 'delay' ? (fault.delayMs ?? 0) : 0);
    // Closed meanwhile: no answer, and no record (closeAllConnections ends the connection).
    if (delay > 0 && !(await delayAnswer(delay))) return;

    const record: RequestRecord = {
      service,
      operation,
      region: scope.region,
      accountId: account.id,
      status: 0,
      throttled: false,
      durationMs: 0,
    };
    if (fault) record.fault = fault.kind;
    if (ctx.note.pageSize !== undefined) record.pageSize = ctx.note.pageSize;
    if (ctx.note.items !== undefined) record.items = ctx.note.items;
    let dropped = false;
    if (outcome.kind === 'drop') {
      dropped = true;
      req.socket.destroy();
    } else {
      const { response } = outcome;
      record.status = response.status;
      record.throttled = outcome.throttled;
      if (outcome.corrupt === 'malformed') {
        // A body that is not the protocol's format at all.
        res
          .writeHead(response.status, response.headers)
          .end(json ? '{"InstanceInformationList": [ <html>' : '<html><body>502 Bad Gateway</bodyy');
      } else if (outcome.corrupt === 'truncated') {
        // Headers promise the whole body; the connection ends halfway through it.
        dropped = true;
        const bytes = Buffer.from(response.body);
        res.writeHead(response.status, { ...response.headers, 'content-length': String(bytes.length) });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
      } else {
        res.writeHead(response.status, response.headers).end(response.body);
      }
    }
    record.durationMs = performance.now() - started;
    recorder.record(record, dropped);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake-aws internal error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests: recorder.requests,
    stats: () => recorder.stats(),
    resetStats: () => recorder.reset(),
    setFaults: (rules) => faults.set(rules),
    credentialsFor(accountId: string): FakeAwsCredentials {
      if (!state.accounts.has(accountId)) throw new Error(`fake-aws: account ${accountId} is not served`);
      const accessKeyId = issueKey(state, { accountId, roleArn: '', roleName: '', sessionName: '' }, 'AKIA');
      return { accessKeyId, secretAccessKey: state.keys.get(accessKeyId)!.secretAccessKey };
    },
    securityHubFindings: (accountId, region) =>
      [...state.securityHub.findings]
        .filter(([key]) => key.startsWith(`${accountId}|${region}|`))
        .map(([, finding]) => finding),
    close: () => {
      closed = true;
      for (const pending of delays) {
        clearTimeout(pending.timer);
        pending.resolve(false);
      }
      delays.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
