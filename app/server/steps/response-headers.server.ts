import type { Config } from "~/config.server";
import { securityHeaders } from "../headers.server";
import { carriesToken } from "../redact.server";

/**
 * Headers every answer carries: the security headers (a route's own choice of any of them stands; a
 * page's CSP allows the scripts carrying `nonce`), no Referer from a page whose address holds a
 * secret, and the request id.
 */
export function addResponseHeaders(
  response: Response,
  request: Request,
  answer: { requestId: string; nonce: string; https: boolean; development: boolean },
  config: Pick<Config, "oidc">,
): void {
  // A page whose address holds a secret (invite, reset) sends no Referer, not even to us: proxies log it.
  if (carriesToken(new URL(request.url).pathname)) response.headers.set("Referrer-Policy", "no-referrer");
  const html = response.headers.get("content-type")?.startsWith("text/html") ?? false;
  // Signing out at the OpenID provider is a form that ends up there.
  const formActionOrigins = config.oidc ? [new URL(config.oidc.issuer).origin] : [];
  const { nonce, https, development } = answer;
  for (const [name, value] of Object.entries(securityHeaders({ nonce, html, https, development, formActionOrigins }))) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  response.headers.set("X-Request-Id", answer.requestId);
}
