import type { Config } from "~/config.server";

/** The origin people reach us at: BASE_URL, else what the request says (proxy headers only when trusted). */
export function publicOrigin(request: Request, config: Pick<Config, "baseUrl" | "trustProxy">): string {
  if (config.baseUrl) return config.baseUrl.origin;
  const url = new URL(request.url);
  if (config.trustProxy) {
    const proto = request.headers.get("x-forwarded-proto")?.split(",")[0].trim();
    const host = request.headers.get("x-forwarded-host")?.split(",")[0].trim();
    if (proto || host) return `${proto ?? url.protocol.replace(":", "")}://${host ?? url.host}`;
  }
  return url.origin;
}

/** The client's address: the socket's, or the proxy's word for it when TRUST_PROXY is on. */
export function clientIp(request: Request, remoteAddress: string | null, trustProxy: boolean): string | null {
  if (trustProxy) {
    const fly = request.headers.get("fly-client-ip")?.trim();
    if (fly) return fly;
    const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0].trim();
    if (forwarded) return forwarded;
  }
  return remoteAddress;
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
