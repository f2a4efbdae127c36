// IP addresses as Porch compares them: one canonical text per address (what the throttle and the audit
// log store), and networks ("10.0.0.0/8") to say which peers are proxies. Pure, for Deno and Node alike.

export interface Network {
  bytes: Uint8Array; // 16 bytes: IPv4 as ::ffff:a.b.c.d
  bits: number; // prefix length over those 16 bytes
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** "203.0.113.9", "[2001:db8::1]:443", "::ffff:10.0.0.1" → canonical text; anything else (names, "unknown") → null. */
export function canonicalIp(text: string | null | undefined): string | null {
  if (typeof text !== "string") return null;
  let t = text.trim();
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::\d{1,5})?$/.exec(t);
  if (bracketed) t = bracketed[1];
  else if (/^[\d.]+:\d{1,5}$/.test(t)) t = t.slice(0, t.lastIndexOf(":"));
  if (IPV4.test(t)) return t;
  if (!/^[0-9A-Fa-f:.]{2,45}$/.test(t) || !t.includes(":")) return null;
  let host: string;
  try {
    host = new URL(`http://[${t}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  // An IPv4 client on a dual-stack socket (::ffff:127.0.0.1) is that IPv4 client.
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) {
    const [hi, lo] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return host;
}

function bytesOf(ip: string): Uint8Array {
  const out = new Uint8Array(16);
  if (IPV4.test(ip)) {
    out[10] = out[11] = 255;
    ip.split(".").forEach((part, i) => (out[12 + i] = Number(part)));
    return out;
  }
  const [head, tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") && tail ? tail.split(":") : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 255;
  });
  return out;
}

/**
 * The client as throttles count it: an IPv4 address, or the /64 an IPv6 address is in. One home line
 * gets a whole /64 and can take a new address for every guess; counting addresses would count nothing.
 * Audit rows keep the full address.
 */
export function throttledNetwork(ip: string): string {
  const canonical = canonicalIp(ip);
  if (!canonical || IPV4.test(canonical)) return canonical ?? ip;
  const bytes = bytesOf(canonical);
  const groups = [0, 1, 2, 3].map((i) => ((bytes[i * 2] << 8) | bytes[i * 2 + 1]).toString(16));
  return `${groups.join(":")}::/64`;
}

/**
 * Whether two clients look like they are on one network, for a warning a person reads (never for a
 * decision): the same IPv4 /24 (a home or office LAN), or the same IPv6 /64. Unknown addresses aren't.
 */
export function nearby(a: string | null, b: string | null): boolean {
  const [x, y] = [canonicalIp(a), canonicalIp(b)];
  if (!x || !y) return false;
  if (IPV4.test(x) !== IPV4.test(y)) return false;
  if (IPV4.test(x)) return x.split(".").slice(0, 3).join(".") === y.split(".").slice(0, 3).join(".");
  return throttledNetwork(x) === throttledNetwork(y);
}

/** "10.0.0.0/8", "fd00::/8" or one address; null when it isn't one. */
export function parseNetwork(text: string): Network | null {
  const [address, prefix, extra] = text.trim().split("/");
  // Plain addresses only here: no brackets, no ports.
  if (extra !== undefined || !/^[0-9A-Fa-f:.]+$/.test(address) || /^[\d.]+:\d+$/.test(address)) return null;
  const ip = canonicalIp(address);
  if (!ip) return null;
  const v4 = IPV4.test(ip);
  const max = v4 ? 32 : 128;
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return null;
  const length = prefix === undefined ? max : Number(prefix);
  if (length > max) return null;
  return { bytes: bytesOf(ip), bits: v4 ? 96 + length : length };
}

export function inNetwork(ip: string, network: Network): boolean {
  const bytes = bytesOf(ip);
  for (let bit = 0; bit < network.bits; bit += 8) {
    const take = Math.min(8, network.bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[bit / 8] & mask) !== (network.bytes[bit / 8] & mask)) return false;
  }
  return true;
}

/** Whether every address of `inner` is in `outer`. */
export function networkWithin(inner: Network, outer: Network): boolean {
  if (inner.bits < outer.bits) return false;
  for (let bit = 0; bit < outer.bits; bit += 8) {
    const take = Math.min(8, outer.bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((inner.bytes[bit / 8] & mask) !== (outer.bytes[bit / 8] & mask)) return false;
  }
  return true;
}

const V4_MAPPED = { bytes: new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0]), bits: 96 };

/**
 * How much of the public address space a list of networks covers, as shares of IPv4's and IPv6's
 * (1 = all of it). Networks inside PRIVATE_NETWORKS count for nothing; overlaps count twice (errs high).
 */
export function publicShare(networks: Network[]): { v4: number; v6: number } {
  const share = { v4: 0, v6: 0 };
  for (const n of networks) {
    if (PRIVATE_NETWORKS.some((p) => networkWithin(n, p))) continue;
    if (networkWithin(n, V4_MAPPED)) share.v4 += 2 ** -(n.bits - 96);
    else {
      share.v6 += 2 ** -n.bits;
      // An IPv6 network holding ::ffff:0:0/96 holds every IPv4 client too, as the server sees them (attack8: ::/64).
      if (networkWithin(V4_MAPPED, n)) share.v4 += 1;
    }
  }
  return share;
}

/** Loopback, private, shared (CGNAT, Tailscale), link-local and unique-local: where a homelab's proxy lives. */
export const PRIVATE_NETWORKS: Network[] = [
  "127.0.0.0/8",
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "169.254.0.0/16",
  "::1/128",
  "fc00::/7",
  "fe80::/10",
].map((n) => parseNetwork(n)!);

export const inAnyNetwork = (ip: string, networks: Network[]) => networks.some((n) => inNetwork(ip, n));
