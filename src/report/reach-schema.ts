// JSON Schema (draft 2020-12) of `aws-audit reach --json` (src/findings/reach.ts). `npm run
// schemas` publishes it as schemas/reach.schema.json; a test keeps the two equal and another
// checks real answers against it.
import { PATH_HOP_KINDS } from '../findings/path.js';
import { REACH_ANSWER_VERSION, REACH_RESOURCE_KINDS } from '../findings/reach.js';
import { arr, bool, nonEmpty, obj, str, strArr, type Schema } from '../util/json-schema.js';

const port: Schema = { type: 'integer', minimum: 0, maximum: 65535 };
const verdict: Schema = { enum: ['reachable', 'unreachable', 'indeterminate'] };
const jsonValue: Schema = {};

const resource = {
  kind: { enum: [...REACH_RESOURCE_KINDS] },
  id: nonEmpty,
  label: nonEmpty,
};
const where = { accountId: { type: 'string', pattern: '^[0-9]{12}$' }, region: nonEmpty };

const hop: Schema = obj({
  kind: { enum: [...PATH_HOP_KINDS] },
  id: str,
  decidedBy: str,
  verdict: { enum: ['allow', 'deny', 'undecided'] },
});

const row: Schema = obj(
  {
    from: obj(resource, where),
    to: nonEmpty,
    port,
    verdict,
    hops: arr(hop),
    reasons: strArr,
    // The `path` evidence item the rules attach to findings (src/findings/path.ts).
    path: obj(
      { kind: { const: 'path' }, summary: str },
      { resourceId: str, details: { type: 'object', additionalProperties: jsonValue } },
    ),
  },
  { subnetId: nonEmpty, way: nonEmpty, via: nonEmpty, firstBrokenHop: hop },
);

export const reachSchema: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://aws-audit.dev/schemas/reach-v1.json',
  title: 'aws-audit reach --json answer',
  ...obj(
    {
      reachVersion: { const: REACH_ANSWER_VERSION },
      query: obj(
        { mode: { enum: ['from-services', 'from-to', 'to'] }, whyNot: bool },
        { from: nonEmpty, to: nonEmpty, port, services: arr(nonEmpty) },
      ),
      collectedAt: { type: 'string', format: 'date-time' },
      rows: arr(row),
      notes: strArr,
    },
    {
      source: obj(resource, where),
      target: obj({ ...resource, ports: arr(port) }, where),
    },
  ),
};
