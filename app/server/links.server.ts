import { getConfig, type Config } from "~/config.server";

/**
 * The absolute URL of `path` for a link that leaves the server (mail now; notifications and webhooks
 * later). Built from BASE_URL only, never from Host or forwarded headers, which whoever sends the
 * request controls. The configuration refuses to start with mail on and no BASE_URL, so this throws
 * only when a caller forgot that rule.
 */
export function outboundLink(path: string, config: Pick<Config, "baseUrl"> = getConfig()): string {
  if (!config.baseUrl) throw new Error("outboundLink needs BASE_URL: a link that leaves the server is never built from the request");
  if (!path.startsWith("/") || path.startsWith("//")) throw new Error(`outboundLink takes a path, got ${JSON.stringify(path)}`);
  return new URL(path, config.baseUrl.origin).toString();
}
