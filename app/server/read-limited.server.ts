// The one way Porch reads a body it didn't write: a request from a client, an answer from a service an
// integration or the OpenID provider points at. It stops at the limit instead of checking afterwards,
// so a huge or endless body costs at most `maxBytes` of memory.

export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The body is larger than ${describeBytes(maxBytes)}`);
    this.name = "BodyTooLargeError";
  }
}

export function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}

/**
 * All of `body`, or BodyTooLargeError as soon as it passes `maxBytes` (the rest is never read: the
 * stream is cancelled). A declared Content-Length over the limit is refused before reading anything.
 */
export async function readLimited(
  source: { body: ReadableStream<Uint8Array> | null; headers: Headers },
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(source.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await source.body?.cancel().catch(() => {});
    throw new BodyTooLargeError(maxBytes);
  }
  if (!source.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = source.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return concatBytes(chunks, size);
}

/** The chunks of a body, `length` bytes in all, as one array. */
export function concatBytes(chunks: Uint8Array[], length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/** The body as UTF-8 text, read with readLimited. */
export async function readLimitedText(
  source: { body: ReadableStream<Uint8Array> | null; headers: Headers },
  maxBytes: number,
): Promise<string> {
  return new TextDecoder().decode(await readLimited(source, maxBytes));
}
