// Small helpers every mapper shares: optional fields without `undefined`, tags, names, ARNs.
import type { Tags } from '../snapshot/types.js';
import type { RegionContext } from './types.js';

type OptionalKeys<T> = { [K in keyof T]: undefined extends T[K] ? K : never }[keyof T];
type RequiredKeys<T> = Exclude<keyof T, OptionalKeys<T>>;

/** `{ a: 1, b: undefined }` → `{ a: 1 }`, typed so that `b` becomes optional. */
export type Compact<T> = { [K in RequiredKeys<T>]: T[K] } & {
  [K in OptionalKeys<T>]?: Exclude<T[K], undefined>;
};

export function compact<T extends object>(value: T): Compact<T> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = item;
  return out as Compact<T>;
}

export function tagsOf(
  list: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined,
): Tags | undefined {
  if (!list || list.length === 0) return undefined;
  const tags: Tags = {};
  for (const tag of list) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  return tags;
}

/** Tags, owner and the `Name` tag as `name`: the optional part of every EC2 record. */
export function commonFields(
  tagList: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined,
  ownerId?: string,
): { name?: string; ownerId?: string; tags?: Tags } {
  const tags = tagsOf(tagList);
  return compact({ name: tags?.Name, ownerId, tags });
}

/**
 * EC2 describes rarely return ARNs; the format is `arn:<partition>:ec2:<region>:<account>:<type>/<id>`,
 * with the owning account (shared VPC resources belong to the owner).
 */
export function ec2Arn(context: RegionContext, type: string, id: string, ownerId?: string): string {
  return `arn:${context.partition}:ec2:${context.region}:${ownerId ?? context.accountId}:${type}/${id}`;
}

export function isoDate(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function ids<T>(list: readonly T[] | undefined, pick: (item: T) => string | undefined): string[] {
  const out: string[] = [];
  for (const item of list ?? []) {
    const value = pick(item);
    if (value !== undefined && value !== '') out.push(value);
  }
  return out;
}
