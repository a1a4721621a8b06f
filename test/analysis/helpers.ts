// Builds a RegionView from the typed builders for analysis tests.
import { GlobalBuilder, RegionBuilder, buildAccount, buildSnapshot } from '../support/builders/index.js';
import { SnapshotView, type AccountView, type RegionView } from '../../src/snapshot/view.js';

export function regionView(
  build: (r: RegionBuilder, g: GlobalBuilder) => void,
  region = 'us-east-1',
): RegionView {
  return viewOf(build, region).region;
}

export function viewOf(
  build: (r: RegionBuilder, g: GlobalBuilder) => void,
  region = 'us-east-1',
): { region: RegionView; account: AccountView } {
  const r = new RegionBuilder(region);
  const g = new GlobalBuilder();
  build(r, g);
  const view = new SnapshotView(buildSnapshot([buildAccount({ regions: [r], global: g })]));
  const account = view.accounts[0];
  const regionView = account?.regions[0];
  if (!account || !regionView) throw new Error('no region built');
  return { region: regionView, account };
}
