const BASE = "http://porch.invalid";

/** A path a browser resolves to our own origin: one leading slash, no backslash, nothing the parser drops. */
function isOwnPath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !/[\u0000-\u001f\u007f\\]/.test(path);
}

/**
 * Returns `to` when it is a same-origin path ("/boards?x=1"), else `fallback`.
 * The RESULT is what is checked, after the URL parser has resolved dot segments and encodings: "/.//evil",
 * "/%2e//evil" and "/a/..//evil" all resolve to "//evil" (another host) and are refused.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return fallback;
  // Control characters and backslashes anywhere let browsers rewrite the path into a host.
  if (!isOwnPath(to)) return fallback;
  try {
    const url = new URL(to, BASE);
    const out = url.pathname + url.search + url.hash;
    // Checked again as the browser will read it: still ours, and already in its final form.
    if (url.origin !== BASE || !isOwnPath(out) || new URL(out, BASE).href !== url.href) return fallback;
    return out;
  } catch {
    return fallback;
  }
}

/** The path and query of a request, to come back to after signing in. */
export function loginRedirectFor(request: Request): string {
  const url = new URL(request.url);
  const back = safeRedirect(url.pathname + url.search, "/");
  return back === "/" ? "/auth/login" : `/auth/login?redirectTo=${encodeURIComponent(back)}`;
}
