// Injected failures: rules matched in order, `times` counting down, `probability` drawn from a
// seeded generator so a failing run can be replayed.
import { mulberry32 } from '../../bench/random.js';
import type { FaultRule } from './types.js';

export interface CallKey {
  service: string;
  operation: string;
  region: string;
  accountId: string;
}

export class FaultInjector {
  private rules: { rule: FaultRule; remaining: number }[] = [];
  private readonly random: () => number;

  constructor(rules: FaultRule[] | undefined, seed: number) {
    this.random = mulberry32(seed);
    this.set(rules ?? []);
  }

  set(rules: FaultRule[]): void {
    for (const rule of rules) {
      if (rule.probability !== undefined && (rule.probability < 0 || rule.probability > 1)) {
        throw new Error(`fake-aws: fault probability must be within 0..1, got ${rule.probability}`);
      }
    }
    this.rules = rules.map((rule) => ({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY }));
  }

  /** The first rule that applies to this call, after spending one of its `times`. */
  match(call: CallKey): FaultRule | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (entry.remaining <= 0) continue;
      if (rule.service !== undefined && rule.service !== call.service) continue;
      if (rule.operation !== undefined && rule.operation !== call.operation) continue;
      if (rule.region !== undefined && rule.region !== call.region) continue;
      if (rule.accountId !== undefined && rule.accountId !== call.accountId) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      entry.remaining -= 1;
      return rule;
    }
    return undefined;
  }
}
