// A POST to a URL outside Porch whose addresses are checked when it is sent: the name is resolved here,
// every address it resolves to must pass the policy, and the connection goes to one of those addresses
// (node:http's `lookup`, which Deno's node:http honours too). A name that resolved to a public address
// when saved and to 127.0.0.1 now (DNS rebinding) is refused now. Redirects are never followed.
import { lookup as dnsLookup } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { describeFetchError } from "~/integrations/remote.server";
import { canonicalIp } from "./ip";
import { addressRefusal, hostListed, type HostPolicy } from "./outbound-hosts";

export class OutboundRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefusedError";
  }
}

export interface OutboundAnswer {
  status: number;
  ms: number;
  /** The first bytes of the answer, for the delivery log. */
  excerpt: string;
}

const EXCERPT_BYTES = 512;
const EXCERPT_WAIT_MS = 1_000;

/** The URL's host without IPv6 brackets. */
const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, "");

/** Why `url` can't take a webhook at all (scheme, credentials), or null. */
export function urlRefusal(url: URL): string | null {
  if (url.protocol !== "http:" && url.protocol !== "https:") return "The address must start with http:// or https://";
  if (url.username || url.password)
    return "The address can't carry a user name or password: the receiver checks the signature instead (or use a token in the path)";
  return null;
}

/** Every address `url`'s host resolves to now, each checked; throws OutboundRefusedError with the reason. */
export async function checkedAddresses(url: URL, policy: HostPolicy): Promise<string[]> {
  const host = bareHost(url);
  const literal = canonicalIp(host);
  const addresses = literal
    ? [literal]
    : await new Promise<string[]>((resolve, reject) =>
        dnsLookup(host, { all: true, verbatim: true }, (error, list) =>
          error
            ? reject(new OutboundRefusedError(`The host name ${host} doesn't resolve (${error.code ?? error.message})`))
            : resolve(list.map((a) => a.address)),
        ),
      );
  if (!literal && hostListed(policy, host)) return addresses;
  for (const address of addresses) {
    const why = addressRefusal(policy, address, literal ? undefined : host);
    if (why) throw new OutboundRefusedError(why);
  }
  return addresses;
}

/** POSTs `body` to `url`, connecting only to addresses the policy allows; gives up after `timeoutMs`. */
export async function postChecked(
  url: URL,
  body: string,
  headers: Record<string, string>,
  policy: HostPolicy,
  timeoutMs: number,
): Promise<OutboundAnswer> {
  const refused = urlRefusal(url);
  if (refused) throw new OutboundRefusedError(refused);
  const addresses = await checkedAddresses(url, policy);
  const family = (a: string) => (a.includes(":") ? 6 : 4);
  // The connection takes one of the addresses just checked, never a second lookup's answer.
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options && typeof options === "object" && options.all)
      (callback as (e: null, list: Array<{ address: string; family: number }>) => void)(
        null,
        addresses.map((address) => ({ address, family: family(address) })),
      );
    else callback(null, addresses[0], family(addresses[0]));
  };
  const started = performance.now();
  const client = url.protocol === "https:" ? https : http;
  return new Promise<OutboundAnswer>((resolve, reject) => {
    const request = client.request(
      url,
      { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, lookup: pinned, agent: false },
      (response) => {
        // The status is the answer: the body is only read for the log, briefly. A receiver that answers 200
        // and then trickles its body was still answered (attack44: it was retried as "no answer").
        clearTimeout(timer);
        const excerptTimer = setTimeout(() => response.destroy(), EXCERPT_WAIT_MS);
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size >= EXCERPT_BYTES) response.destroy();
        });
        const done = () => {
          clearTimeout(excerptTimer);
          resolve({
            status: response.statusCode ?? 0,
            ms: Math.round(performance.now() - started),
            excerpt: Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8"),
          });
        };
        response.on("end", done);
        response.on("close", done);
        response.on("error", done);
      },
    );
    const timer = setTimeout(() => request.destroy(new OutboundRefusedError(`No answer within ${timeoutMs / 1000} s`)), timeoutMs);
    request.on("error", (error: Error & { code?: string }) => {
      clearTimeout(timer);
      if (error instanceof OutboundRefusedError) reject(error);
      // node:http's error carries the code itself; fetch's carries it as its cause: one set of words for both.
      else reject(new OutboundRefusedError(describeFetchError({ cause: error }, timeoutMs)));
    });
    request.end(body);
  });
}
