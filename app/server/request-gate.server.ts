import { requestHost } from "./origin.server";
import { BodyTooLargeError, describeBytes, readLimited } from "./read-limited.server";

// Every request passes here before anything else reads it (pipeline.server.ts, first step). What no
// route can handle is answered here, once, with a 4xx and a sentence: a NUL byte anywhere (PostgreSQL
// refuses them, so they used to surface as 500s), an address that doesn't decode, a body larger than
// the route needs (read no further than the limit), a form action sent something that isn't a form,
// a method no page takes. What passes carries its body as bytes, read once, never more than the limit.

/** The anonymous forms (sign-in, two-factor, invite, reset, onboarding) hold a few short fields. */
export const SMALL_BODY_BYTES = 16 * 1024;
/** Everything else: signed-in forms and the JSON API (a board's whole item list in one PATCH). */
export const BODY_BYTES = 256 * 1024;

const PAGE_METHODS = ["GET", "HEAD", "POST"];
// Every method any route takes, exactly as HTTP spells them (methods are case-sensitive, RFC 9110 §9.1).
const API_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** The JSON API (the route table's `api` routes): /api/, except the sign-in endpoints under /api/auth/. */
export function expectsJson(pathname: string): boolean {
  const path = pathname.toLowerCase();
  return path.startsWith("/api/") && !path.startsWith("/api/auth/");
}

/** How many bytes of body a path may send (a route needing more gets its own line here). */
export function bodyLimitFor(pathname: string): number {
  const path = pathname.toLowerCase();
  return path.startsWith("/auth/") ||
    path === "/init" ||
    path === "/init.data" ||
    path === "/api/password-check" ||
    path === "/api/auth/backchannel-logout/oidc"
    ? SMALL_BODY_BYTES
    : BODY_BYTES;
}

function refuse(pathname: string, status: number, message: string, headers: Record<string, string> = {}): Response {
  if (pathname.startsWith("/api/")) return Response.json({ error: message }, { status, headers });
  return new Response(`${message}\n`, { status, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
}

const HOST_MESSAGE = "Bad request: send the Host header once, naming the host the request's address names.";
const NUL_MESSAGE = "The request contains a NUL character (%00), which Porch never accepts.";
const FORM_TYPES = "Send the form as application/x-www-form-urlencoded or multipart/form-data (with its boundary).";

/** True when any string in a parsed JSON value (keys included) holds a NUL. A loop, not recursion: 256 KB of `[` nests deeper than the stack. */
function jsonHasNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length) {
    const next = pending.pop();
    if (typeof next === "string") {
      if (next.includes("\0")) return true;
    } else if (next && typeof next === "object") {
      for (const [k, v] of Object.entries(next)) {
        if (k.includes("\0")) return true;
        pending.push(v);
      }
    }
  }
  return false;
}

/** Checks the body as a form: 415 when it isn't one, 400 when it doesn't parse or holds a NUL. */
async function checkForm(pathname: string, contentType: string, bytes: Uint8Array<ArrayBuffer>): Promise<Response | null> {
  const [type, ...params] = contentType.split(";").map((p) => p.trim().toLowerCase());
  const multipart = type === "multipart/form-data";
  if (type !== "application/x-www-form-urlencoded" && !(multipart && params.some((p) => p.startsWith("boundary=")))) {
    return refuse(pathname, 415, FORM_TYPES);
  }
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return refuse(pathname, 400, "The form could not be read: its body doesn't match its Content-Type.");
  }
  for (const [key, value] of form) {
    if (key.includes("\0") || (typeof value === "string" ? value : value.name).includes("\0")) return refuse(pathname, 400, NUL_MESSAGE);
  }
  return null;
}

/**
 * The request to hand on (its body read once, within the limit), or the answer refusing it.
 */
export async function admitRequest(request: Request): Promise<Request | Response> {
  const url = new URL(request.url);
  const { pathname } = url;
  // Which host it was sent to has one answer or none (origin.server.ts): none is a 400, whatever BASE_URL says.
  if (requestHost(request) === null) return refuse(pathname, 400, HOST_MESSAGE);
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return refuse(pathname, 400, "The address has an invalid percent-encoding.");
  }
  if (path.includes("\0")) return refuse(pathname, 400, NUL_MESSAGE);
  for (const [key, value] of url.searchParams) {
    if (key.includes("\0") || value.includes("\0")) return refuse(pathname, 400, NUL_MESSAGE);
  }
  // The pre-single-fetch data protocol: Remix answers it with an error and a logged stack trace.
  if (url.searchParams.has("_data")) return refuse(pathname, 400, "Porch doesn't take ?_data requests.");
  const json = expectsJson(pathname);
  // Before anything copies the request: Deno's Request refuses TRACE and a bodied lower-case "get" (500s).
  if (json && !API_METHODS.includes(request.method)) {
    return refuse(pathname, 405, "No route takes that method.", { Allow: API_METHODS.join(", ") });
  }
  if (!json && !PAGE_METHODS.includes(request.method)) {
    return refuse(pathname, 405, "Pages take GET and POST only.", { Allow: PAGE_METHODS.join(", ") });
  }
  if (request.method === "GET" || request.method === "HEAD") return request;

  const limit = bodyLimitFor(pathname);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readLimited(request, limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return refuse(pathname, 413, `The request body is too large: at most ${describeBytes(limit)} here.`);
    // The client stopped sending part-way (or broke the framing): nothing to hand on.
    return refuse(pathname, 400, "The request body could not be read to its end.");
  }
  const headers = new Headers(request.headers);
  let contentType = headers.get("content-type") ?? "";
  if (json) {
    if (contentType.toLowerCase().startsWith("application/json")) {
      let body: unknown = undefined;
      try {
        body = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        // Not JSON: readJson says so, with the route's own words.
      }
      if (jsonHasNul(body)) return refuse(pathname, 400, NUL_MESSAGE);
    }
  } else {
    // A bodiless POST (a sign-out button from a script) is an empty form.
    if (!contentType && bytes.byteLength === 0) {
      contentType = "application/x-www-form-urlencoded";
      headers.set("Content-Type", contentType);
    }
    const refused = await checkForm(pathname, contentType, bytes);
    if (refused) return refused;
  }
  // The body is now these bytes: whatever framing the client used no longer applies.
  headers.delete("transfer-encoding");
  headers.delete("content-length");
  return new Request(request.url, { method: request.method, headers, body: bytes, signal: request.signal });
}
