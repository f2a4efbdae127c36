// Where an app lives, as one rule: the address a proxy asks about, an app item's link and a protected
// app's origin and path prefix are all read here, so "this link points into that protected app" has
// one answer. The SQL form of `covers` is coversSql (protected-apps.server.ts); a test compares them.

export interface AppAddress {
  /** `URL.origin`: lowercase scheme and host, no default port, no trailing dot on the host. */
  origin: string;
  /** The host alone (no port): a protected app guards its host on every port (attack14). */
  hostname: string;
  /** The path, normalized (see normalizePath); never the query or fragment. */
  path: string;
  /**
   * The path read with `%2F` and `%5C` as separators, when that reads otherwise: nginx decodes them
   * before proxying to a URI, other servers don't. Forward auth lets a request through only when both
   * readings may be opened (attack14).
   */
  altPath?: string;
}

const UNRESERVED = /[A-Za-z0-9._~-]/;

/**
 * The path as the app behind the proxy most likely reads it, so a prefix can't be stepped around:
 * percent-encoded unreserved characters decoded (`/%61dmin` is `/admin`, RFC 3986 §6.2.2.2), other
 * escapes in upper case, runs of slashes as one (nginx and most routers merge them), dot segments
 * resolved (again after decoding, since `%2e%2e` becomes `..`).
 */
export function normalizePath(pathname: string): string {
  let path = pathname;
  for (let pass = 0; pass < 4; pass++) {
    const next = new URL(
      path
        .replace(/%[0-9a-fA-F]{2}/g, (escape) => {
          const char = String.fromCharCode(parseInt(escape.slice(1), 16));
          return UNRESERVED.test(char) ? char : escape.toUpperCase();
        })
        .replace(/\/{2,}/g, "/"),
      "http://x",
    ).pathname;
    if (next === path) break;
    path = next;
  }
  return path;
}

/** An absolute http(s) URL's origin and normalized path; null for anything else. */
export function appAddress(text: string): AppAddress | null {
  if (!/^https?:\/\//i.test(text) || text.length > 16384) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  // "nas.example." is "nas.example" to DNS and to the proxies.
  const hostname = url.hostname.replace(/\.$/, "");
  // An empty label (`a..b`, `.a`, a second trailing dot) names no host DNS or a proxy would route (attack20).
  if (hostname === "" || /^\.|\.\.|\.$/.test(hostname)) return null;
  const origin = `${url.protocol}//${hostname}${url.port ? `:${url.port}` : ""}`;
  const path = normalizePath(url.pathname);
  const separated = /%(2f|5c)/i.test(url.pathname) ? normalizePath(url.pathname.replace(/%(2f|5c)/gi, "/")) : path;
  return { origin, hostname, path, ...(separated !== path ? { altPath: separated } : {}) };
}

/** A path prefix as stored: normalized, starting with "/", no trailing slash (but "/" itself). */
export function normalizePrefix(text: string): string | null {
  if (!text.startsWith("/") || /[?#\s\\]/.test(text) || text.length > 300) return null;
  const path = normalizePath(text);
  return path.length > 1 ? path.replace(/\/+$/, "") || "/" : path;
}

/**
 * An origin as an administrator writes it ("https://sonarr.home.example", a trailing "/" allowed):
 * nothing but scheme, host and port. Null for anything else, with the reason for the form.
 */
export function parseOrigin(text: string): { origin: string } | { error: string } {
  const trimmed = text.trim();
  if (!/^https?:\/\//i.test(trimmed)) return { error: "Use an http:// or https:// address, like https://sonarr.home.example" };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { error: "That isn't an address a browser can open" };
  }
  if (url.username || url.password) return { error: "Leave out user names and passwords" };
  if (url.pathname !== "/" || url.search || url.hash || /[?#]/.test(trimmed.replace(/^https?:\/\/[^/]*/i, "")))
    return { error: "Give only the scheme and host (and port); put a path in Path prefix" };
  // Stored as forward auth compares: a trailing dot dropped, and only a plain name or address (attack15:
  // "app.example." and "*.example" were accepted and then never matched).
  const address = appAddress(url.href);
  if (!address || !/^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/.test(address.hostname))
    return { error: "Give a host name or address, like https://sonarr.home.example (no wildcards)" };
  if (address.origin.length > 300) return { error: "Addresses have at most 300 characters" };
  return { origin: address.origin };
}

/** Whether a protected app at `prefix` covers `path` (both normalized): the prefix itself or below it. */
export function covers(prefix: string, path: string): boolean {
  return prefix === "/" || path === prefix || path.startsWith(`${prefix}/`);
}
