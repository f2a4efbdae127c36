import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The request body as a web stream that touches the socket only when someone reads it. A guard that
 * answers before reading (a redirect to login, a 403, a 413 by Content-Length) leaves the body unread,
 * and Node then discards it and keeps the connection; an eagerly attached stream would hold it paused
 * and the connection would be reset under a client still sending.
 */
function lazyBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let chunks: AsyncIterator<Buffer> | null = null;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= req.iterator({ destroyOnReturn: false });
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value));
      },
      async cancel() {
        // A body refused part-way (too large): the rest is discarded as it arrives, so the client still
        // sending gets our 413 instead of a reset connection.
        await chunks?.return?.();
        req.resume();
      },
    },
    { highWaterMark: 0 },
  );
}

/** The request's address could not be read: a Host header that isn't a host (`a%00b`, `x:99999`). */
export class BadRequestTarget extends Error {
  constructor(readonly target: string) {
    super(`Not a request address: ${target}`);
    this.name = "BadRequestTarget";
  }
}

/** The answer to a request whose address doesn't parse, before anything else looks at it. */
export function badRequestTarget(): Response {
  return new Response("Bad request: the Host header is missing or not a valid host name.\n", {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", Connection: "close" },
  });
}

/**
 * A web Request from Node's IncomingMessage; the body streams, and aborts when the client leaves.
 * Throws BadRequestTarget for a Host that makes no URL (thrown inside Node's request handler, it
 * would otherwise end the process).
 */
export function toWebRequest(req: IncomingMessage, res: ServerResponse): Request {
  // Node refuses an HTTP/1.1 request without Host itself, not an HTTP/1.0 one: refused here too, as on Deno.
  const host = req.headers.host;
  if (!host) throw new BadRequestTarget(req.url ?? "/");
  const path = req.url ?? "/";
  // A path is appended, never resolved against the host: resolving read `//other/x` as another host
  // (attack12). An absolute-form target keeps its own host, which the request gate compares with Host.
  const target = path.startsWith("/") ? `http://${host}${path}` : path;
  if (!URL.canParse(target) || !/^https?:$/.test(new URL(target).protocol)) throw new BadRequestTarget(target);
  const url = new URL(target);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const controller = new AbortController();
  // Only a client that left before the answer was written aborts: aborting every finished request woke
  // each listener on each signal following this one (6% of the CPU of an API request, issue #18).
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    signal: controller.signal,
    body: hasBody ? lazyBody(req) : undefined,
    // Node's fetch needs this for a streamed body.
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}

/** Writes a web Response to Node's ServerResponse, keeping each Set-Cookie header apart. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  if (response.statusText) res.writeHead(response.status, response.statusText, headers);
  else res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
    }
  } catch (error) {
    // The client went away mid-stream; nothing left to tell it.
    if (!res.destroyed) res.destroy(error as Error);
    return;
  }
  res.end();
}
