// Trusted-header sign-in (issue #20 part 2, ADR 034): who an identity-aware proxy (Authelia, authentik,
// oauth2-proxy, Tailscale) says is asking. Believed only from a socket peer inside
// AUTH_PROXY_TRUSTED_NETWORKS, never from a forwarded address; from anyone else the headers are a claim
// nobody checked, and are ignored (and audited).
import { forwardAuthFlavour } from "~/forward-auth/target.server";
import type { Config } from "~/config.server";
import { canonicalIp, inAnyNetwork } from "~/server/ip";

export interface ProxyIdentity {
  /** The proxy's name for the person: the account's key (provider `proxy`, external id) and username. */
  username: string;
  displayName: string | null;
  email: string | null;
  groups: string[];
  /** The groups as one text, to notice a change since the last sync. */
  groupsText: string;
}

export type ProxyClaim = { trusted: true; identity: ProxyIdentity } | { trusted: false; header: string; peer: string | null };

const MAX_GROUPS = 200;

/**
 * Header values arrive as bytes, each a character of the string: a proxy sends names in UTF-8, so "José"
 * comes as "JosÃ©". Read back as UTF-8 when that is what the bytes are; control characters dropped.
 */
function text(value: string | null): string | null {
  if (value === null) return null;
  let out = value;
  if (/[\u0080-\u00ff]/.test(value) && !/[^\u0000-\u00ff]/.test(value)) {
    const bytes = Uint8Array.from(value, (c) => c.charCodeAt(0));
    try {
      out = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      out = value;
    }
  }
  const clean = out.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return clean === "" ? null : clean;
}

/** The identity the proxy headers carry, whether it may be believed, or null when they name nobody (or the provider is off). */
export function readProxyIdentity(request: Request, remoteAddress: string | null, config: Pick<Config, "proxyAuth">): ProxyClaim | null {
  const proxy = config.proxyAuth;
  if (!proxy) return null;
  // Forward auth's question comes from a proxy in front of other apps, carrying the client's own
  // headers (nginx's auth_request and Caddy's forward_auth pass them on): never a sign-in (attack16).
  if (forwardAuthFlavour(new URL(request.url).pathname)) return null;
  const username = text(request.headers.get(proxy.headers.user));
  if (username === null) return null;
  const peer = canonicalIp(remoteAddress);
  if (peer === null || !inAnyNetwork(peer, proxy.networks)) return { trusted: false, header: proxy.headers.user, peer };
  const read = (name: string | null) => (name ? text(request.headers.get(name)) : null);
  const groupsText = read(proxy.headers.groups) ?? "";
  const groups = [
    ...new Set(
      groupsText
        .split(proxy.groupsSeparator)
        .map((g) => g.trim())
        .filter((g) => g && g.length <= 256),
    ),
  ].slice(0, MAX_GROUPS);
  return {
    trusted: true,
    identity: {
      username: username.slice(0, 256),
      displayName: read(proxy.headers.name)?.slice(0, 200) ?? null,
      email: read(proxy.headers.email)?.slice(0, 320) ?? null,
      groups,
      groupsText: groups.join(","),
    },
  };
}
