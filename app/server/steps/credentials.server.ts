import { readApiKey } from "~/auth/api-key.server";
import { readPorchCookie } from "~/auth/cookie.server";

/**
 * What a request authenticates with: an API key (looked for under /api/ only) or the session cookie,
 * never both. A request with an API key is the key's alone: its cookie is neither read nor touched.
 */
export type Credentials = { kind: "api-key"; key: string } | { kind: "cookie"; token: string | undefined };

export function readCredentials(request: Request, secureCookies: boolean, cookieDomain: string | null = null): Credentials {
  const key = new URL(request.url).pathname.startsWith("/api/") ? readApiKey(request) : null;
  if (key !== null) return { kind: "api-key", key };
  return { kind: "cookie", token: readPorchCookie(request, "session", secureCookies, cookieDomain) };
}
