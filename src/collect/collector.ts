// Collectors are typed data (style.md "typed collectors as data"): a description of one SDK
// operation — command, paginator, page size, items key, IAM permission, mapper — run by the one
// generic paginating runner below. Per-resource calls (VPC attributes, user data) use the same
// runner through `callEach`, bounded by the scan's per-resource concurrency.
import pLimit from 'p-limit';
import type {
  GlobalKind,
  GlobalSnapshot,
  RegionResourceKey,
  RegionSnapshot,
  RegionalKind,
  ResourceKind,
} from '../snapshot/types.js';
import type {
  AccountContext,
  CollectLog,
  GlobalClients,
  RegionClients,
  RegionContext,
  ServiceName,
} from './types.js';

/** An SDK Command class. Only its name is read: `DescribeVpcsCommand` → `DescribeVpcs`. */
export type CommandClass = abstract new (...args: never[]) => unknown;

export function operationName(command: CommandClass): string {
  return command.name.replace(/Command$/, '');
}

/**
 * What a collector sends: its service, each operation's name, and the IAM action each needs. For
 * every API read here the action is `<service>:<Operation>` (the names in SERVICES are IAM's
 * service prefixes), so the scanner policy (`aws-audit policy`, permissions.ts) is derived from the
 * commands the code sends and cannot drift from them.
 */
export function sends(
  service: ServiceName,
  ...commands: CommandClass[]
): { service: ServiceName; operations: string[]; permissions: string[] } {
  const operations = commands.map(operationName);
  return { service, operations, permissions: operations.map((operation) => `${service}:${operation}`) };
}

/** A failed call, carrying which operation (and resource) failed. */
export class CallFailure extends Error {
  constructor(
    readonly service: ServiceName,
    readonly operation: string,
    override readonly cause: unknown,
    readonly resourceId?: string,
  ) {
    super(`${service}:${operation} failed`);
    this.name = 'CallFailure';
  }
}

/** One operation read page by page: the unit the generic runner executes. */
export interface Sweep<Client, Input, Output, Item, Mapped> {
  service: ServiceName;
  command: CommandClass;
  /** An SDK paginator (`paginateDescribeVpcs`); absent for unpaginated operations. */
  paginate?: (config: { client: Client; pageSize?: number }, input: Input) => AsyncIterable<Output>;
  /** For unpaginated operations: send one command. */
  send?: (client: Client, input: Input) => Promise<Output>;
  /** The largest page size the API allows (aws-facts §6.1). */
  pageSize?: number;
  input: Input;
  items: (page: Output) => readonly Item[] | undefined;
  map: (item: Item, context: RegionContext) => Mapped | undefined;
}

export interface SweepEnvironment {
  context: RegionContext;
}

/**
 * The generic paginating runner: every page, every item mapped, failures wrapped with the
 * operation. (Per-call timing for `--debug` is logged by the client middleware in clients.ts, so
 * retries and non-sweep calls are timed the same way.)
 */
export async function runSweep<Client, Input, Output, Item, Mapped>(
  client: Client,
  sweep: Sweep<Client, Input, Output, Item, Mapped>,
  env: SweepEnvironment,
  resourceId?: string,
): Promise<Mapped[]> {
  const operation = operationName(sweep.command);
  const results: Mapped[] = [];
  const accept = (page: Output): void => {
    for (const item of sweep.items(page) ?? []) {
      const mapped = sweep.map(item, env.context);
      if (mapped !== undefined) results.push(mapped);
    }
  };
  try {
    if (sweep.paginate) {
      const config = sweep.pageSize === undefined ? { client } : { client, pageSize: sweep.pageSize };
      // A copy: the SDK paginator writes NextToken into the input object it is given, and a
      // collector's input is shared by every region and run.
      for await (const page of sweep.paginate(config, { ...sweep.input })) accept(page);
    } else if (sweep.send) {
      accept(await sweep.send(client, sweep.input));
    } else {
      throw new Error(`sweep ${operation} has neither paginate nor send`);
    }
  } catch (error) {
    if (error instanceof CallFailure) throw error;
    throw new CallFailure(sweep.service, operation, error, resourceId);
  }
  return results;
}

/**
 * Runs `each` for every id with bounded concurrency; one id's failure does not stop the others.
 * Returns the failures so the caller can record them (each carries its resource id).
 */
export async function callEach<Id>(
  ids: readonly Id[],
  concurrency: number,
  each: (id: Id) => Promise<void>,
): Promise<CallFailure[]> {
  const limit = pLimit(Math.max(1, concurrency));
  const failures: CallFailure[] = [];
  await Promise.all(
    ids.map((id) =>
      limit(async () => {
        try {
          await each(id);
        } catch (error) {
          if (error instanceof CallFailure) failures.push(error);
          else throw error;
        }
      }),
    ),
  );
  return failures;
}

export interface CollectOptionsForCollectors {
  skipUserData: boolean;
  perResourceConcurrency: number;
}

/** What a regional collector reads and writes. `region` is the draft being filled. */
export interface RegionalRun {
  clients: RegionClients;
  context: RegionContext;
  region: RegionSnapshot;
  options: CollectOptionsForCollectors;
  log: CollectLog;
  /** Failures for single resources: recorded, the kind marked failed, the rest kept. */
  recordFailures(failures: readonly CallFailure[]): void;
}

export interface GlobalRun {
  clients: GlobalClients;
  context: RegionContext;
  global: GlobalSnapshot;
  account: AccountContext;
  log: CollectLog;
  recordFailures(failures: readonly CallFailure[]): void;
}

interface CollectorBase<K extends ResourceKind> {
  kind: K;
  service: ServiceName;
  /** IAM actions this collector's calls need; `aws-audit policy` is generated from these. */
  permissions: readonly string[];
  /** Kinds that must be collected first (their records are read by this collector). */
  dependsOn: readonly ResourceKind[];
  /** Human description for CONTRIBUTING/debug: which operations are sent. */
  operations: readonly string[];
}

export interface RegionalCollector extends CollectorBase<RegionalKind> {
  scope: 'regional';
  /** Fills the draft; returns how many records it produced (for progress). */
  collect(run: RegionalRun): Promise<number>;
}

export interface GlobalCollector extends CollectorBase<GlobalKind> {
  scope: 'global';
  collect(run: GlobalRun): Promise<number>;
}

export type Collector = RegionalCollector | GlobalCollector;

type RecordOf<K extends keyof RegionSnapshot> = RegionSnapshot[K] extends readonly (infer R)[] ? R : never;

/**
 * The common case as pure data: one paginated sweep whose items map one-to-one onto the region's
 * records of kind `K`.
 */
export function defineListCollector<
  K extends RegionalKind & RegionResourceKey & keyof RegionSnapshot,
  Client,
  Input,
  Output,
  Item,
>(spec: {
  kind: K;
  dependsOn?: readonly ResourceKind[];
  client: (clients: RegionClients) => Client;
  sweep: Sweep<Client, Input, Output, Item, RecordOf<K>>;
}): RegionalCollector {
  return {
    kind: spec.kind,
    scope: 'regional',
    ...sends(spec.sweep.service, spec.sweep.command),
    dependsOn: spec.dependsOn ?? [],
    async collect(run) {
      const records = await runSweep(spec.client(run.clients), spec.sweep, run);
      (run.region as unknown as Record<K, RecordOf<K>[]>)[spec.kind] = records;
      return records.length;
    },
  };
}
