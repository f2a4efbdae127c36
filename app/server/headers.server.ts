// Random bytes drawn 4 KB at a time and each 16 used once: Node's getRandomValues costs ~9 µs a call,
// whatever its size (issue #18's profile of an API request), ~1 µs this way. Same generator, same secrecy.
const RANDOM = new Uint8Array(4096);
let used = RANDOM.length;

/** A fresh nonce per response, so only our own inline scripts run. */
export function createNonce(): string {
  if (used + 16 > RANDOM.length) {
    crypto.getRandomValues(RANDOM);
    used = 0;
  }
  const bytes = RANDOM.subarray(used, (used += 16));
  return btoa(String.fromCharCode(...bytes));
}

const ALWAYS: Record<string, string> = {
  // Nothing the app answers may be kept by a browser or a proxy, unless the route says otherwise by
  // sending its own Cache-Control (and the route table's `cache` records it).
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "same-origin",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/**
 * Security headers for every response. Pages get a strict Content-Security-Policy whose only inline
 * scripts are Remix's, carrying the nonce; other responses may not be framed or run anything.
 * Vite's dev server injects its own scripts, so development keeps only the framing rules.
 */
export function securityHeaders(options: {
  nonce: string;
  html: boolean;
  https: boolean;
  development: boolean;
  /** Origins a form may end up at after redirects: the OpenID provider, for sign-out there. */
  formActionOrigins?: string[];
}): Record<string, string> {
  const formAction = ["'self'", ...(options.formActionOrigins ?? [])].join(" ");
  const headers = { ...ALWAYS };
  if (options.development) {
    headers["Content-Security-Policy"] = `frame-ancestors 'none'; base-uri 'self'; form-action ${formAction}`;
  } else if (options.html) {
    headers["Content-Security-Policy"] = [
      "default-src 'self'",
      `script-src 'self' 'nonce-${options.nonce}'`,
      "style-src 'self'",
      "img-src 'self' https: data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      `form-action ${formAction}`,
      "frame-ancestors 'none'",
    ].join("; ");
  } else {
    headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'";
  }
  if (options.https) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}
