// Which hosts Porch may send webhooks to (WEBHOOK_ALLOWED_HOSTS, ADR 043). A URL is one thing; where it
// leads is decided by the addresses its name resolves to when the message is sent, so the rule is about
// addresses (and, when an administrator names a host, that host). Pure, for Deno and Node alike.
import { canonicalIp, inAnyNetwork, parseNetwork, type Network } from "./ip";

export type AddressKind = "external" | "private" | "loopback" | "link-local" | "reserved";

const nets = (...list: string[]) => list.map((n) => parseNetwork(n)!);

// 0.0.0.0 and :: reach this machine on Linux: loopback, not "reserved".
const LOOPBACK = nets("127.0.0.0/8", "0.0.0.0/8", "::1/128", "::/128");
// fec0::/10: site-local, deprecated but still routed by some stacks as the LAN.
const PRIVATE = nets("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7", "fec0::/10");
// Cloud metadata (169.254.169.254) lives here: only a network written out lets a webhook reach it.
const LINK_LOCAL = nets("169.254.0.0/16", "fe80::/10");
// Never a receiver on the internet: documentation, benchmarks, multicast, broadcast, and IPv6 forms that
// carry an IPv4 address inside (NAT64, 6to4, Teredo), which could lead anywhere.
const RESERVED = nets(
  "192.0.0.0/24",
  "192.0.2.0/24",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "224.0.0.0/3",
  // IPv4-compatible (::a.b.c.d) and IPv4-translated (::ffff:0:a.b.c.d) addresses: old forms of an IPv4 address (attack44).
  "::/96",
  "::ffff:0:0:0/96",
  "64:ff9b::/96",
  "64:ff9b:1::/48",
  "100::/64",
  "2001::/32",
  "2001:db8::/32",
  "2002::/16",
  "ff00::/8",
);

/** What kind of address `ip` is (canonical text, IPv4-mapped IPv6 already read as IPv4). */
export function addressKind(ip: string): AddressKind {
  if (inAnyNetwork(ip, LOOPBACK)) return "loopback";
  if (inAnyNetwork(ip, PRIVATE)) return "private";
  if (inAnyNetwork(ip, LINK_LOCAL)) return "link-local";
  if (inAnyNetwork(ip, RESERVED)) return "reserved";
  return "external";
}

export interface HostPolicy {
  any: boolean;
  kinds: ReadonlySet<AddressKind>;
  networks: Network[];
  /** Exact names, or ".example.lan" for "*.example.lan". */
  hosts: string[];
  text: string;
}

const HOST_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/** WEBHOOK_ALLOWED_HOSTS: `external` (the default), `private`, `loopback`, `*`, networks and host names, comma-separated. */
export function parseHostPolicy(raw: string | undefined): { ok: true; value: HostPolicy } | { ok: false; error: string } {
  const text = (raw ?? "external").trim() || "external";
  const policy: HostPolicy = { any: false, kinds: new Set(), networks: [], hosts: [], text };
  const kinds = new Set<AddressKind>();
  for (const entry of text.split(",").map((e) => e.trim().toLowerCase())) {
    if (!entry) continue;
    if (entry === "*") policy.any = true;
    else if (entry === "external" || entry === "private" || entry === "loopback") kinds.add(entry);
    else if (/^[0-9a-f:.]+(\/\d{1,3})?$/.test(entry) && parseNetwork(entry)) policy.networks.push(parseNetwork(entry)!);
    else if (HOST_NAME.test(entry) && !/^[\d.]+$/.test(entry)) policy.hosts.push(entry.startsWith("*.") ? entry.slice(1) : entry);
    else
      return {
        ok: false,
        error: `WEBHOOK_ALLOWED_HOSTS takes external, private, loopback, *, networks (10.0.0.0/8) and host names (ntfy.home.lan, *.home.lan), comma-separated; not "${entry}"`,
      };
  }
  return { ok: true, value: { ...policy, kinds } };
}

/** Whether the policy names this host (then any address it resolves to is the administrator's choice). */
export function hostListed(policy: HostPolicy, hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return policy.hosts.some((h) => (h.startsWith(".") ? host.endsWith(h) && host.length > h.length : host === h));
}

/** null when a message may go to `ip`; else why not, in words an administrator can act on (`via`: the name that led there). */
export function addressRefusal(policy: HostPolicy, address: string, via?: string): string | null {
  const ip = canonicalIp(address);
  if (!ip) return `"${address}" isn't an IP address`;
  if (policy.any || inAnyNetwork(ip, policy.networks)) return null;
  const kind = addressKind(ip);
  if (policy.kinds.has(kind)) return null;
  const add =
    kind === "private" || kind === "loopback"
      ? `add ${kind} or the host's name to WEBHOOK_ALLOWED_HOSTS to allow it`
      : "write its network or the host's name in WEBHOOK_ALLOWED_HOSTS to allow it";
  const article = kind === "external" ? "an" : "a";
  const what = via ? `${via} resolves to ${ip}, ${article} ${kind} address,` : `${ip} is ${article} ${kind} address`;
  return `${what} and WEBHOOK_ALLOWED_HOSTS is ${policy.text}: ${add} (then restart Porch)`;
}
