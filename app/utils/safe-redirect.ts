/**
 * Returns `to` when it is a same-origin path ("/boards?x=1"), else `fallback`.
 * Refuses protocol-relative ("//evil"), backslash tricks ("/\\evil") and absolute URLs,
 * whose browsers' parsing would leave our origin.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // Control characters and backslashes anywhere let browsers rewrite the path into a host.
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  try {
    const base = "http://porch.invalid";
    const url = new URL(to, base);
    if (url.origin !== base) return fallback;
    return url.pathname + url.search + url.hash;
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
