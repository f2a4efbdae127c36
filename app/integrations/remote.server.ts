// Requests to the services integrations point at: a time limit, the time taken, and errors in words.
import { BodyTooLargeError, describeBytes, readLimited } from "~/server/read-limited.server";

/** Every remote request gives up after this long: a slow service can't hold a board page. */
export const REMOTE_TIMEOUT_MS = 5_000;

export class RemoteError extends Error {
  constructor(
    message: string,
    readonly ms: number,
  ) {
    super(message);
    this.name = "RemoteError";
  }
}

/** Why a fetch failed, in words an admin can act on. */
export function describeFetchError(error: unknown, timeoutMs = REMOTE_TIMEOUT_MS): string {
  const e = error as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `No answer within ${timeoutMs / 1000} s`;
  const code = e?.cause?.code;
  if (code === "ECONNREFUSED") return "Connection refused: nothing listens at that address and port";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "The host name doesn't resolve";
  if (code === "ECONNRESET") return "The connection was reset";
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return `TLS problem: ${e.cause?.message ?? code}`;
  if (e?.cause?.message === "bad port") return "That port belongs to another protocol and fetch refuses it: use the service's HTTP port";
  return `Request failed: ${e?.cause?.message ?? e?.message ?? String(error)}`;
}

/** What HTTP header values can carry: tab, visible ASCII, Latin-1 (fetch's own refusal quotes the value). */
const SENDABLE = /^[\t\x20-\x7e\x80-\xff]*$/;
export const UNSENDABLE_SECRET = "A secret contains a line break or another character HTTP headers can't carry: type it again";

/** `message` with every header value (the secrets among them) masked, whatever produced it. */
function masked(message: string, headers: Record<string, string>): string {
  const values = Object.entries(headers)
    .filter(([name, value]) => name.toLowerCase() !== "accept" && value.length >= 4)
    .map(([, v]) => v);
  return values.reduce((text, value) => text.split(value).join("***"), message);
}

/**
 * fetch with the shared time limit (combined with the caller's signal) and the elapsed time. Never
 * follows a redirect (the secret headers would go along), and no message it makes contains a header value.
 */
export async function remoteFetch(
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
): Promise<{ response: Response; ms: number }> {
  if (!Object.values(init.headers).every((v) => SENDABLE.test(v))) throw new RemoteError(UNSENDABLE_SECRET, 0);
  const started = performance.now();
  try {
    const signal = AbortSignal.any([init.signal, AbortSignal.timeout(REMOTE_TIMEOUT_MS)]);
    const response = await fetch(url, { headers: init.headers, signal, redirect: "manual" });
    return { response, ms: Math.round(performance.now() - started) };
  } catch (error) {
    throw new RemoteError(masked(describeFetchError(error), init.headers), Math.round(performance.now() - started));
  }
}

/** Basic credentials as RFC 7617 with UTF-8: any character a person can type works (btoa alone throws past Latin-1). */
export function basicAuth(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""))}`;
}

/** The most of any answer from outside Porch (an integration's service, the OpenID provider) that is read. */
export const REMOTE_MAX_BYTES = 1024 * 1024;

/** The answer's text, read up to REMOTE_MAX_BYTES and no further: a huge or endless answer is a RemoteError. */
export async function remoteText(response: Response, ms: number): Promise<string> {
  try {
    return new TextDecoder().decode(await readLimited(response, REMOTE_MAX_BYTES));
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new RemoteError(`The answer is larger than ${describeBytes(REMOTE_MAX_BYTES)}`, ms);
    throw new RemoteError(describeFetchError(error), ms);
  }
}

/**
 * fetch for libraries that read the answer themselves (jose's key set): the body they get is the
 * answer's first REMOTE_MAX_BYTES, read here; past that, the fetch fails.
 */
export async function cappedFetch(url: string | URL, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  const bytes = await readLimited(response, REMOTE_MAX_BYTES);
  return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
}
