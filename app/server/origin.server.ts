import type { Config } from "~/config.server";
import { canonicalIp, inAnyNetwork, PRIVATE_NETWORKS } from "./ip";
import type { ProxyTrust } from "./trust";

// Two decisions, each made here and nowhere else: which client address we believe, and which origin
// we trust. A forwarded header counts only when the proxy we were told to trust wrote it.

/** Whether the peer that sent this request is a proxy whose forwarded headers we believe. */
function fromTrustedProxy(peer: string | null, trust: ProxyTrust): boolean {
  switch (trust.kind) {
    case "none":
      return false;
    case "fly":
      return true;
    case "hops":
      return !trust.privatePeers || (peer !== null && inAnyNetwork(peer, PRIVATE_NETWORKS));
    case "networks":
      return peer !== null && inAnyNetwork(peer, trust.networks);
  }
}

/** The comma-separated entries of every copy of a header, in order. */
function listOf(request: Request, name: string): string[] {
  return (request.headers.get(name) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Which client address we believe: the socket's peer, or what our proxy wrote. Proxies append the
 * address they saw to X-Forwarded-For, so only its right end is theirs; anything to the left was
 * written by whoever sent the request, and is never read.
 */
export function clientIp(request: Request, remoteAddress: string | null, trust: ProxyTrust): string | null {
  const peer = canonicalIp(remoteAddress);
  if (!fromTrustedProxy(peer, trust)) return peer ?? remoteAddress;
  if (trust.kind === "fly") return canonicalIp(request.headers.get("fly-client-ip")) ?? peer;
  // The chain as our side sees it: what the proxies appended, then the peer itself.
  const chain = [...listOf(request, "x-forwarded-for").map(canonicalIp), peer];
  if (trust.kind === "hops") {
    const at = chain.length - 1 - trust.hops;
    // Fewer entries than proxies: the left-most is still one a proxy wrote.
    return chain[Math.max(at, 0)] ?? peer;
  }
  if (trust.kind !== "networks") return peer;
  // From the right, past our proxies, to the first address that isn't one; a garbled entry stops the walk.
  for (let i = chain.length - 1; i > 0; i--) {
    const here = chain[i];
    if (here === null || !inAnyNetwork(here, trust.networks)) return here ?? chain[i + 1] ?? peer;
  }
  return chain[0] ?? chain[1] ?? peer;
}

/** The right-most value of a forwarded header: the one the nearest proxy wrote. */
const nearest = (request: Request, name: string) => listOf(request, name).at(-1);

const HOST_SYNTAX = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** A plain host and port, nothing a URL parser could read as someone else (`a@b`, `a#b`, `a/b`, two values). */
export const isPlainHost = (text: string) => HOST_SYNTAX.test(text);

/**
 * The host this request was sent to: its Host header, sent once, when the request's own address names the
 * same one; null otherwise. A browser always sends the host it means in Host. The address can name
 * another: a request line in absolute form (`POST http://other/…`, which Deno believes, as RFC 9112 §3.2.2
 * tells a proxy to), or, through Node's URL parsing, a path starting with `//other/` (attack12: a page on
 * another port of the same host made an administrator's browser grant admin rights that way). Refusing
 * the disagreement (the request gate's 400) leaves one answer to "which host", on both runtimes.
 */
export function requestHost(request: Request): string | null {
  const sent = request.headers.get("host");
  // Requests made in-process (tests, the bench) carry none; over HTTP both runtimes refuse that first
  // (Node itself, Deno in server.ts), as HTTP/1.1 requires.
  if (sent === null) return new URL(request.url).host;
  // A name or an address, and a port: `a@b`, `a#b`, `a/b` or two values make URLs that name someone else.
  if (!HOST_SYNTAX.test(sent)) return null;
  try {
    // Compared as URLs do: case and a default port don't make another host.
    const host = new URL(`http://${sent}`).host;
    return host === new URL(request.url).host ? host : null;
  } catch {
    return null;
  }
}

/** The origin the request was sent to: its Host, or what our proxy says the browser asked for. */
function requestedOrigin(request: Request, remoteAddress: string | null, trust: ProxyTrust): URL | null {
  const url = new URL(request.url);
  let protocol = url.protocol;
  let host = requestHost(request);
  if (host === null) return null;
  if (fromTrustedProxy(canonicalIp(remoteAddress), trust)) {
    const proto = nearest(request, "x-forwarded-proto")?.toLowerCase();
    if (proto === "http" || proto === "https") protocol = `${proto}:`;
    if (trust.kind !== "fly") host = nearest(request, "x-forwarded-host") ?? host;
  }
  try {
    return new URL(`${protocol}//${host}`);
  } catch {
    return null;
  }
}

/**
 * Whether we answer to this host name without BASE_URL. A DNS-rebinding page always uses a name of its
 * own, never an address, and can't use localhost (browsers resolve it themselves); any other name must
 * be one the administrator listed in ALLOWED_HOSTS.
 */
export function answersTo(hostname: string, allowedHosts: readonly string[]): boolean {
  const name = hostname.toLowerCase();
  if (name.startsWith("[") || /^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return true;
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  return allowedHosts.some((a) => (a.startsWith(".") ? name === a.slice(1) || name.endsWith(a) : name === a));
}

export type PublicOrigin = { ok: true; origin: string } | { ok: false; host: string; origin: string | null };

/**
 * Which origin we trust: BASE_URL when set (nothing is then taken from the request); otherwise the one
 * the request was sent to, if it names a host we answer to.
 */
export function publicOrigin(
  request: Request,
  remoteAddress: string | null,
  config: Pick<Config, "baseUrl" | "trustProxy" | "allowedHosts">,
): PublicOrigin {
  if (config.baseUrl) return { ok: true, origin: config.baseUrl.origin };
  const url = requestedOrigin(request, remoteAddress, config.trustProxy);
  if (!url) return { ok: false, host: "", origin: null };
  return answersTo(url.hostname, config.allowedHosts)
    ? { ok: true, origin: url.origin }
    : { ok: false, host: url.hostname, origin: url.origin };
}

/** The answer to a request for a host we don't answer to: what the administrator should set (421 Misdirected Request). */
export function hostNotAllowed({ host, origin }: { host: string; origin: string | null }): Response {
  const name = host || "that name";
  const text = [
    `Porch doesn't answer to the name ${name}.`,
    "",
    "Without BASE_URL it answers only to IP addresses, localhost and the names in ALLOWED_HOSTS, so that",
    "another site can't reach it by pointing its own name at this server (DNS rebinding).",
    "",
    "If this is how people reach Porch, the administrator sets one of:",
    `  BASE_URL=${origin ?? "https://porch.example.com"}   (the address people use; also right for links in mail)`,
    `  ALLOWED_HOSTS=${host || "porch.example.com"}`,
    "",
  ].join("\n");
  return new Response(text, { status: 421, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

// Headers in which a client or a proxy names addresses, hosts or schemes. Past the pipeline nobody reads them:
// the decisions above are made once, and the app gets the request as decided.
const FORWARDING_HEADERS = [
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-forwarded-ssl",
  "x-forwarded-scheme",
  "x-real-ip",
  "fly-client-ip",
  "true-client-ip",
  "cf-connecting-ip",
];

/**
 * The request as the app sees it: addressed to the origin we trust (its URL and Host say so), with every
 * forwarding header removed, so no route, library or framework check can believe one we didn't. Its
 * Origin goes too: Porch has judged it already (isCrossOriginRefused), and Remix's own action check
 * (Origin against X-Forwarded-Host, else Host) threw a 500 behind proxies that rewrite Host (ADR 013).
 */
export function atTrustedOrigin(request: Request, origin: string): Request {
  const url = new URL(request.url);
  // Already so (the common case without a proxy or an Origin header): no copy of the request to make.
  const { headers: h } = request;
  if (url.origin === origin && !url.username && !url.password && h.get("host") === url.host && !h.has("origin")) {
    if (!FORWARDING_HEADERS.some((name) => h.has(name))) return request;
  }
  // Appended, never resolved: resolving made a path starting with `//other/` the address's host.
  const target = new URL(origin + url.pathname + url.search);
  const headers = new Headers(request.headers);
  for (const name of FORWARDING_HEADERS) headers.delete(name);
  headers.delete("origin");
  headers.set("host", target.host);
  return new Request(target, {
    method: request.method,
    headers,
    body: request.body,
    signal: request.signal,
    redirect: request.redirect,
    // Node's fetch needs this for a streamed body.
    ...(request.body ? { duplex: "half" } : {}),
  } as RequestInit);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery check for state-changing requests.
 * Refused: any request whose Origin (or Sec-Fetch-Site) says another site, and a request carrying
 * our session cookie that says nothing about where it came from.
 */
export function isCrossOriginRefused(request: Request, origin: string, hasSessionCookie: boolean): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const sentOrigin = request.headers.get("origin");
  if (sentOrigin && sentOrigin !== "null") return sentOrigin !== origin;
  const site = request.headers.get("sec-fetch-site");
  if (site) return site !== "same-origin";
  if (sentOrigin === "null") return true;
  return hasSessionCookie;
}
