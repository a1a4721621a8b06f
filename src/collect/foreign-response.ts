// An error answer that is not an AWS error document — a proxy's or emulator's HTML page, an unknown
// content type, HTTP 501 — is turned into one MalformedResponseError before the SDK's deserialiser
// sees it, carrying the status, the content type and the start of the body. Without this the SDK
// throws a JSON `SyntaxError` whose message advises programmers to inspect `{error}.$response`
// (issue 19 bug 4), and the body is gone by the time the error is classified.

/** Bytes of the body kept for the message; the classifier shortens and redacts it further. */
const BODY_BYTES = 2048;

export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponse';
  readonly $fault = 'server';
  readonly $metadata: { httpStatusCode: number };
  readonly contentType: string | undefined;
  constructor(status: number, contentType: string | undefined, bodyStart: string) {
    super(bodyStart);
    this.$metadata = { httpStatusCode: status };
    this.contentType = contentType;
  }
}

interface RawResponse {
  statusCode?: number;
  headers?: Record<string, string | undefined>;
  body?: unknown;
}

function headerValue(headers: RawResponse['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** True for an error status whose body is not XML or JSON, and for any 501. */
export function isForeignErrorResponse(response: RawResponse): boolean {
  const status = response.statusCode ?? 0;
  if (status === 501) return true;
  if (status < 400) return false;
  const type = headerValue(response.headers, 'content-type');
  return type !== undefined && !/xml|json/i.test(type);
}

/** Reads at most BODY_BYTES of a body (stream, bytes or text) and stops the rest. */
async function bodyStart(body: unknown): Promise<string> {
  if (typeof body === 'string') return body.slice(0, BODY_BYTES);
  if (body instanceof Uint8Array) return Buffer.from(body.subarray(0, BODY_BYTES)).toString('utf8');
  const stream = body as (AsyncIterable<Uint8Array | string> & { destroy?: () => void }) | undefined;
  if (!stream || typeof stream[Symbol.asyncIterator] !== 'function') return '';
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
      chunks.push(bytes);
      size += bytes.length;
      if (size >= BODY_BYTES) break;
    }
  } catch {
    // A body cut short still tells us what it started with.
  } finally {
    stream.destroy?.();
  }
  return Buffer.concat(chunks).subarray(0, BODY_BYTES).toString('utf8');
}

export async function malformedResponseError(response: RawResponse): Promise<MalformedResponseError> {
  const type = headerValue(response.headers, 'content-type')?.split(';')[0]?.trim();
  return new MalformedResponseError(response.statusCode ?? 0, type, await bodyStart(response.body));
}
