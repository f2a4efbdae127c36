import { parseNetwork, publicShare, type Network } from "./ip";

/** The most of the public address space a proxy list may hold: a /8 of IPv4, a /24 of IPv6 (CDNs need far less). */
const MAX_PUBLIC_SHARE = { v4: 2 ** -8, v6: 2 ** -24 };

/**
 * Which forwarded headers Porch believes (TRUST_PROXY), and from whom:
 * - none: no forwarded header at all; the socket's peer is the client.
 * - fly: Fly.io's edge writes Fly-Client-IP (and X-Forwarded-Proto); only on Fly, where nobody else can.
 * - hops: that many proxies, each appending to X-Forwarded-For; the client is the one the outermost saw.
 *   `privatePeers`: only when the peer is on a private network (what TRUST_PROXY=true means).
 * - networks: the proxies' own addresses; believed only from them, the client is the right-most
 *   X-Forwarded-For address that isn't one of them.
 */
export type ProxyTrust =
  | { kind: "none" }
  | { kind: "fly" }
  | { kind: "hops"; hops: number; privatePeers: boolean }
  | { kind: "networks"; networks: Network[]; text: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** TRUST_PROXY's value; `onFly` is whether Fly.io runs us (FLY_APP_NAME is set). */
export function parseTrustProxy(raw: string | undefined, onFly: boolean): Parsed<ProxyTrust> {
  const value = (raw ?? "false").trim().toLowerCase();
  if (value === "false" || value === "0") return { ok: true, value: { kind: "none" } };
  // At its safest: one proxy, on a private network (or Fly's edge on Fly).
  if (value === "true") return { ok: true, value: onFly ? { kind: "fly" } : { kind: "hops", hops: 1, privatePeers: true } };
  // Only the documented words: "yes" could mean true or 1, and those trust different peers.
  if (["yes", "y", "on", "enabled", "no", "n", "off", "disabled"].includes(value)) {
    return {
      ok: false,
      error: `TRUST_PROXY takes false, true, fly, a number of proxies or their addresses; not "${raw}" (write true for one proxy on a private network, or false)`,
    };
  }
  if (value === "fly") {
    return onFly
      ? { ok: true, value: { kind: "fly" } }
      : {
          ok: false,
          error: "TRUST_PROXY=fly works only on Fly.io (FLY_APP_NAME is unset): anywhere else Fly-Client-IP is whatever the client sent",
        };
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops >= 1 && hops <= 10) return { ok: true, value: { kind: "hops", hops, privatePeers: false } };
    return { ok: false, error: `TRUST_PROXY must count 1 to 10 proxies (got "${raw}")` };
  }
  const entries = value
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const networks = entries.map(parseNetwork);
  const bad = entries.filter((_, i) => !networks[i]);
  if (bad.length || !entries.length) {
    return {
      ok: false,
      error: `TRUST_PROXY must be false, true, fly, a number of proxies (1-10) or the proxies' addresses and networks (e.g. 10.0.0.0/8,fd00::/8); not ${bad.map((b) => `"${b}"`).join(", ") || `"${raw}"`}`,
    };
  }
  // A network holding every address would let any client write its own address: that is no proxy list.
  const everyone = entries.filter((e) => /\/0$/.test(e));
  if (everyone.length) {
    return {
      ok: false,
      error: `TRUST_PROXY ${everyone.join(", ")} trusts every client to name its own address: list your proxies' addresses or networks instead`,
    };
  }
  // Nor do networks that add up to a large part of the Internet (0.0.0.0/1,128.0.0.0/1 is everyone too).
  const share = publicShare(networks as Network[]);
  if (share.v4 > MAX_PUBLIC_SHARE.v4 || share.v6 > MAX_PUBLIC_SHARE.v6) {
    return {
      ok: false,
      error: `TRUST_PROXY ${entries.join(",")} trusts ${share.v4 > MAX_PUBLIC_SHARE.v4 ? `${+(share.v4 * 100).toPrecision(2)} % of all IPv4 addresses` : `${(share.v6 * 100).toPrecision(2)} % of all IPv6 addresses`} to name their own client address: list your proxies' addresses or networks (public ones may add up to a /8 of IPv4 or a /24 of IPv6)`,
    };
  }
  return { ok: true, value: { kind: "networks", networks: networks as Network[], text: entries.join(",") } };
}

/** How TRUST_PROXY reads back (`npm run cli -- config`). */
export function describeTrustProxy(trust: ProxyTrust): string {
  switch (trust.kind) {
    case "none":
      return "false";
    case "fly":
      return "fly (Fly-Client-IP from Fly.io's edge)";
    case "hops":
      return trust.privatePeers ? "true (one proxy, from a private network)" : `${trust.hops} (proxies appending to X-Forwarded-For)`;
    case "networks":
      return trust.text;
  }
}

/**
 * ALLOWED_HOSTS: the names Porch answers to without BASE_URL (IP addresses and localhost always work).
 * "porch.lan" is that name; ".home.arpa" is that domain and every name under it.
 */
export function parseAllowedHosts(raw: string | undefined): Parsed<string[]> {
  const entries = (raw ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  const bad = entries.filter((e) => !/^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(e));
  if (bad.length) {
    return {
      ok: false,
      error: `ALLOWED_HOSTS takes host names without scheme or port, comma-separated (e.g. porch.lan,.home.arpa); not ${bad.map((b) => `"${b}"`).join(", ")}`,
    };
  }
  return { ok: true, value: entries };
}

/**
 * AUTH_PROXY_TRUSTED_NETWORKS: the identity-aware proxy's own addresses (ADR 034). Required: a proxy
 * sign-in believes whoever the headers name, so only the proxy may send them. Never everyone.
 */
export function parseProxyNetworks(raw: string | undefined): Parsed<Network[]> {
  const entries = (raw ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const networks = entries.map(parseNetwork);
  const bad = entries.filter((_, i) => !networks[i]);
  if (!entries.length)
    return {
      ok: false,
      error:
        "AUTH_PROXY_TRUSTED_NETWORKS is required with the proxy provider: the address of the proxy that signs people in (e.g. 127.0.0.1 or 172.18.0.0/16)",
    };
  if (bad.length)
    return {
      ok: false,
      error: `AUTH_PROXY_TRUSTED_NETWORKS takes addresses and networks (e.g. 10.0.0.2,172.18.0.0/16); not ${bad.map((b) => `"${b}"`).join(", ")}`,
    };
  const share = publicShare(networks as Network[]);
  if (entries.some((e) => /\/0$/.test(e)) || share.v4 > MAX_PUBLIC_SHARE.v4 || share.v6 > MAX_PUBLIC_SHARE.v6)
    return {
      ok: false,
      error: `AUTH_PROXY_TRUSTED_NETWORKS ${entries.join(",")} would let far more than your proxy name who is signed in: list the proxy's own addresses`,
    };
  return { ok: true, value: networks as Network[] };
}
