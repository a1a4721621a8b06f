// Schema-driven response writers. The SDK clients ship their service models as static schemas
// (`DescribeVpcsResult$`, `ListUsersResponse$`, …); walking those schemas to write a response is the
// exact inverse of the SDK's own deserialisers (@aws-sdk/core XmlShapeDeserializer / JSON codec),
// so member names, `*Set` wrappers and `item` vs `member` list elements cannot drift from what the
// real clients read. Writers are compiled once per schema and cached.
import { NormalizedSchema } from '@smithy/core/schema';

export type SchemaRef = Parameters<typeof NormalizedSchema.of>[0];

/** Already-serialised content for a list member (pre-serialised page items). */
export class Raw {
  constructor(readonly text: string) {}
}

// ---------------------------------------------------------------------------------------------
// XML (ec2Query and awsQuery)

interface XmlNode {
  /** Writes `<tag>value</tag>`; a flattened list writes one `<tag>` per item instead. */
  write(tag: string, value: unknown, flat: boolean): string;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

function scalarText(ns: NormalizedSchema, value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (ns.isBlobSchema() && typeof value === 'string') return Buffer.from(value).toString('base64');
  return escapeXml(String(value));
}

const xmlCache = new WeakMap<object, XmlNode>();
const xmlSimpleCache = new Map<unknown, XmlNode>();

function xmlNode(ns: NormalizedSchema): XmlNode {
  const key = ns.getSchema();
  const cached = typeof key === 'object' && key !== null ? xmlCache.get(key) : xmlSimpleCache.get(key);
  if (cached) return cached;
  let node: XmlNode;
  if (ns.isStructSchema()) {
    let members: { name: string; tag: string; flat: boolean; node: XmlNode }[] | undefined;
    const inner = (value: Record<string, unknown>): string => {
      members ??= [...ns.structIterator()].map(([name, member]) => ({
        name,
        tag: member.getMemberTraits().xmlName ?? name,
        flat: Boolean(member.getMergedTraits().xmlFlattened),
        node: xmlNode(member),
      }));
      let out = '';
      for (const m of members) {
        const v = value[m.name];
        if (v !== undefined && v !== null) out += m.node.write(m.tag, v, m.flat);
      }
      return out;
    };
    node = {
      write: (tag, value) => `<${tag}>${inner(value as Record<string, unknown>)}</${tag}>`,
    };
    structInner.set(node, inner);
  } else if (ns.isListSchema()) {
    const valueNs = ns.getValueSchema();
    const itemTag = valueNs.getMergedTraits().xmlName ?? 'member';
    let itemNode: XmlNode | undefined;
    node = {
      write: (tag, value, flat) => {
        if (value instanceof Raw) return flat ? value.text : `<${tag}>${value.text}</${tag}>`;
        itemNode ??= xmlNode(valueNs);
        const items = value as unknown[];
        let out = '';
        for (const item of items) out += itemNode.write(flat ? tag : itemTag, item, false);
        return flat ? out : `<${tag}>${out}</${tag}>`;
      },
    };
    listItemWriters.set(node, (tag, flat, items) => {
      itemNode ??= xmlNode(valueNs);
      const n = itemNode;
      return items.map((item) => n.write(flat ? tag : itemTag, item, false));
    });
  } else if (ns.isMapSchema()) {
    const keyNs = ns.getKeySchema();
    const valueNs = ns.getValueSchema();
    const keyTag = keyNs.getMergedTraits().xmlName ?? 'key';
    const valueTag = valueNs.getMergedTraits().xmlName ?? 'value';
    node = {
      write: (tag, value, flat) => {
        const valueNode = xmlNode(valueNs);
        let out = '';
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          const entry = `<${keyTag}>${escapeXml(k)}</${keyTag}>${valueNode.write(valueTag, v, false)}`;
          out += flat ? `<${tag}>${entry}</${tag}>` : `<entry>${entry}</entry>`;
        }
        return flat ? out : `<${tag}>${out}</${tag}>`;
      },
    };
  } else {
    node = { write: (tag, value) => `<${tag}>${scalarText(ns, value)}</${tag}>` };
  }
  if (typeof key === 'object' && key !== null) xmlCache.set(key, node);
  else xmlSimpleCache.set(key, node);
  return node;
}

const structInner = new WeakMap<XmlNode, (value: Record<string, unknown>) => string>();
const listItemWriters = new WeakMap<XmlNode, (tag: string, flat: boolean, items: unknown[]) => string[]>();

/** The members of a structure as XML, without a wrapping element (the result body). */
export function xmlMembers(schema: SchemaRef, value: object): string {
  const node = xmlNode(NormalizedSchema.of(schema));
  const inner = structInner.get(node);
  if (!inner) throw new Error('fake-aws: xmlMembers needs a structure schema');
  return inner(value as Record<string, unknown>);
}

/**
 * Serialises the items of one list member of an output structure, one string per item, so a page
 * is a slice of them joined and passed back as `new Raw(…)`.
 */
export function xmlListItems(outputSchema: SchemaRef, listMember: string, items: unknown[]): string[] {
  const member = NormalizedSchema.of(outputSchema).getMemberSchema(listMember);
  const node = xmlNode(member);
  const writer = listItemWriters.get(node);
  if (!writer) throw new Error(`fake-aws: ${listMember} is not a list member`);
  const tag = member.getMemberTraits().xmlName ?? listMember;
  return writer(tag, Boolean(member.getMergedTraits().xmlFlattened), items);
}

// ---------------------------------------------------------------------------------------------
// JSON (awsJson1_1): member names as in the model; timestamps as epoch seconds; blobs base64.

type JsonNode = (value: unknown) => string;
const jsonCache = new WeakMap<object, JsonNode>();
const jsonSimpleCache = new Map<unknown, JsonNode>();

function jsonNode(ns: NormalizedSchema): JsonNode {
  const key = ns.getSchema();
  const cached = typeof key === 'object' && key !== null ? jsonCache.get(key) : jsonSimpleCache.get(key);
  if (cached) return cached;
  let node: JsonNode;
  if (ns.isStructSchema()) {
    let members: { name: string; node: JsonNode }[] | undefined;
    node = (value) => {
      members ??= [...ns.structIterator()].map(([name, member]) => ({ name, node: jsonNode(member) }));
      const parts: string[] = [];
      const record = value as Record<string, unknown>;
      for (const m of members) {
        const v = record[m.name];
        if (v !== undefined && v !== null) parts.push(`${JSON.stringify(m.name)}:${m.node(v)}`);
      }
      return `{${parts.join(',')}}`;
    };
  } else if (ns.isListSchema()) {
    const valueNs = ns.getValueSchema();
    node = (value) => {
      if (value instanceof Raw) return `[${value.text}]`;
      const item = jsonNode(valueNs);
      return `[${(value as unknown[]).map(item).join(',')}]`;
    };
  } else if (ns.isMapSchema()) {
    const valueNs = ns.getValueSchema();
    node = (value) => {
      const item = jsonNode(valueNs);
      const parts = Object.entries(value as Record<string, unknown>).map(
        ([k, v]) => `${JSON.stringify(k)}:${item(v)}`,
      );
      return `{${parts.join(',')}}`;
    };
  } else if (ns.isTimestampSchema()) {
    const format = ns.getSchema();
    node = (value) => {
      const date = value instanceof Date ? value : new Date(String(value));
      return format === 5 ? JSON.stringify(date.toISOString()) : String(date.getTime() / 1000);
    };
  } else if (ns.isBlobSchema()) {
    node = (value) =>
      JSON.stringify(Buffer.from(value instanceof Uint8Array ? value : String(value)).toString('base64'));
  } else {
    node = (value) => JSON.stringify(value);
  }
  if (typeof key === 'object' && key !== null) jsonCache.set(key, node);
  else jsonSimpleCache.set(key, node);
  return node;
}

export function jsonBody(schema: SchemaRef, value: object): string {
  return jsonNode(NormalizedSchema.of(schema))(value);
}

/** One JSON string per item of a list member, for pre-serialised pages (joined with `,`). */
export function jsonListItems(outputSchema: SchemaRef, listMember: string, items: unknown[]): string[] {
  const member = NormalizedSchema.of(outputSchema).getMemberSchema(listMember);
  const item = jsonNode(member.getValueSchema());
  return items.map(item);
}
