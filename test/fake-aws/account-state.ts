// One served account: its snapshot, indexed lazily. Everything derived from the snapshot — mapped
// AWS records, pre-serialised list items — is computed on first use and memoised per
// (region, operation), so a large generated account costs nothing until it is read and each page
// after the first is a slice and a join.
import type { AccountSnapshot, RegionSnapshot } from '../../src/snapshot/types.js';
import { emptyRegion } from '../support/builders/index.js';
import type { FakeAwsAccount } from './types.js';

export class AccountState {
  readonly id: string;
  readonly snapshot: AccountSnapshot;
  readonly userData: Record<string, string | Uint8Array>;
  readonly launchTemplateUserData: Record<string, string | Uint8Array>;
  readonly regions: Map<string, RegionSnapshot>;
  private readonly memos = new Map<string, unknown>();
  /** Credential report state (IAM): generated at least once? */
  credentialReportPresent: boolean;
  credentialReportGenerations = 0;

  constructor(account: FakeAwsAccount, credentialReportPresent: boolean) {
    this.snapshot = account.snapshot;
    this.id = account.snapshot.accountId;
    this.userData = account.userData ?? {};
    this.launchTemplateUserData = account.launchTemplateUserData ?? {};
    this.regions = new Map(account.snapshot.regions.map((r) => [r.region, r]));
    this.credentialReportPresent = credentialReportPresent;
  }

  get partition(): string {
    return this.snapshot.partition;
  }

  /**
   * The region's records. A region the snapshot does not list is served as enabled and empty,
   * as an unused region of a real account would be.
   */
  region(name: string): RegionSnapshot {
    let region = this.regions.get(name);
    if (!region) {
      region = emptyRegion(name);
      this.regions.set(name, region);
    }
    return region;
  }

  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = compute();
    this.memos.set(key, value);
    return value;
  }
}
