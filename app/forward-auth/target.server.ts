// The request a reverse proxy asks about, from the headers it sends with the question. Read in the
// pipeline before the forwarding headers are removed (origin.server.ts), for these two routes only.
// Nothing here is trusted: the answer is about the asker's own credentials, so a made-up address
// only asks about a place the asker chose (ADR 033).
import { appAddress, type AppAddress } from "~/permissions/app-address";
import { isPlainHost } from "~/server/origin.server";

/** The two conventions: Traefik and Caddy send X-Forwarded-*, nginx's auth_request the X-Original-URL we document. */
export type ForwardAuthFlavour = "forward-auth" | "auth-request";

const PATHS: Record<string, ForwardAuthFlavour> = {
  "/api/auth/forward-auth": "forward-auth",
  "/api/auth/auth-request": "auth-request",
};

/** The route answering each, in the route table. */
export const FORWARD_AUTH_ROUTES: Record<ForwardAuthFlavour, string> = {
  "forward-auth": "routes/api.auth.forward-auth",
  "auth-request": "routes/api.auth.auth-request",
};

/**
 * The path as React Router decodes it before matching: each segment percent-decoded (an encoded `/`
 * kept), the whole path as sent when any segment won't decode (attack20: `/api/auth/forward%2Dauth`
 * reached the route but wasn't taken for forward auth here).
 */
function decodedAsRouted(pathname: string): string {
  try {
    return pathname
      .split("/")
      .map((segment) => decodeURIComponent(segment).replace(/\//g, "%2F"))
      .join("/");
  } catch {
    return pathname;
  }
}

/** As Remix matches routes: decoded, any case, a trailing slash, and the `.data` of a single fetch. */
export const forwardAuthFlavour = (pathname: string): ForwardAuthFlavour | undefined =>
  PATHS[
    decodedAsRouted(pathname)
      .toLowerCase()
      .replace(/\.data$/, "")
      .replace(/\/+$/, "")
  ];

export type ForwardedTarget = { ok: true; url: string; address: AppAddress; method: string | null } | { ok: false; error: string };

/** The value the nearest proxy wrote: the right-most of a comma-separated list. */
const nearest = (request: Request, name: string) =>
  request.headers
    .get(name)
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);

const HINT: Record<ForwardAuthFlavour, string> = {
  "forward-auth":
    "expects X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-Uri from the proxy (Traefik forwardAuth and Caddy forward_auth send them); see README, Protect your apps",
  "auth-request":
    "expects X-Original-URL from nginx: proxy_set_header X-Original-URL $scheme://$server_name:$server_port$request_uri; (README, Protect your apps)",
};

export function readForwardedTarget(request: Request, flavour: ForwardAuthFlavour): ForwardedTarget {
  const refuse = (what: string): ForwardedTarget => ({
    ok: false,
    error: `${what}: ${request.url.replace(/\?.*$/, "")} ${HINT[flavour]}.`,
  });
  let text: string;
  if (flavour === "auth-request") {
    const original = request.headers.get("x-original-url")?.trim();
    if (!original) return refuse("No X-Original-URL");
    text = original;
  } else {
    const proto = nearest(request, "x-forwarded-proto")?.toLowerCase();
    const host = nearest(request, "x-forwarded-host");
    const uri = request.headers.get("x-forwarded-uri") ?? "/";
    if (!proto || !host) return refuse("No X-Forwarded-Proto or X-Forwarded-Host");
    if (proto !== "http" && proto !== "https") return refuse(`X-Forwarded-Proto "${proto.slice(0, 20)}" isn't http or https`);
    if (!isPlainHost(host)) return refuse("X-Forwarded-Host isn't a plain host and port");
    // After a fixed scheme and host, `//x` is a path (Caddy passes it as the client wrote it), never a host.
    if (!uri.startsWith("/")) return refuse("X-Forwarded-Uri must be a path starting with /");
    text = `${proto}://${host}${uri}`;
  }
  // Bytes outside ASCII: a request line holds none (browsers percent-encode), but nginx passes a raw one
  // on, whose UTF-8 arrives here as Latin-1 characters; Porch and the app would read two paths (attack20).
  if (/[^\u0000-\u007f]/.test(text)) return refuse("The original address holds characters outside ASCII (a request target never does)");
  const [, hostPart, rawPath] = /^https?:\/\/([^/?#]*)([^?#]*)/i.exec(text) ?? [];
  // The host part, as written, must be plain too: `http://a@b/` and `http://a\b/` name someone else.
  if (!hostPart || !isPlainHost(hostPart) || /[\u0000-\u0020\u007f\\]/.test(text))
    return refuse("The original address isn't a plain http(s) URL");
  // Dot segments: Porch resolves them, but nginx and Caddy pass the raw path on, and an app routing on it
  // serves what precedes the `..` (attack22: /admin/../photos/x judged as /photos/x, served as /admin).
  // Browsers resolve them, written or as %2e, before sending anything.
  if (rawPath.split("/").some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment)))
    return refuse("The original address's path holds a dot segment (. or ..), which browsers resolve before sending");
  // A request line never holds a fragment: a raw `#` is a client's trick, which Porch would read as the
  // end of the path while the app reads on (`/x#/../admin`, attack17).
  if (text.includes("#")) return refuse("The original address holds a # (a request target never does)");
  const address = appAddress(text);
  if (!address) return refuse("The original address isn't an http(s) URL");
  const method = (nearest(request, "x-forwarded-method") ?? request.headers.get("x-original-method"))?.toUpperCase().slice(0, 16) ?? null;
  return { ok: true, url: new URL(text).href, address, method };
}
