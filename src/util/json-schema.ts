// The small vocabulary our JSON Schemas (snapshot, report, merged summary) are written in, so each
// schema reads as a list of fields and an object forbids what it does not name.

export type Schema = Record<string, unknown>;

export const str: Schema = { type: 'string' };
export const nonEmpty: Schema = { type: 'string', minLength: 1 };
export const bool: Schema = { type: 'boolean' };
export const strArr: Schema = { type: 'array', items: str };
export const arr = (items: Schema): Schema => ({ type: 'array', items });

/** An object with required and optional properties and nothing else. */
export function obj(required: Record<string, Schema>, optional: Record<string, Schema> = {}): Schema {
  return {
    type: 'object',
    required: Object.keys(required),
    properties: { ...required, ...optional },
    additionalProperties: false,
  };
}
