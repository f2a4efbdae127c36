/** The content codings Porch sends, in its own order of preference (smaller first). */
export type Encoding = "br" | "gzip";

/**
 * The coding to send for an `Accept-Encoding` header, among `offered`, or null for none (identity).
 * The client's highest q wins, ties go to the order of `offered`; `q=0` refuses a coding, `*` stands
 * for any coding the header doesn't name. An entry that doesn't parse (a junk coding, `q=abc`) counts
 * for nothing, so junk gets identity, never an error.
 */
export function preferredEncoding(header: string | null, offered: readonly Encoding[] = ["br", "gzip"]): Encoding | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const entry of header.slice(0, 1024).split(",")) {
    const [name, ...params] = entry.split(";").map((part) => part.trim().toLowerCase());
    if (!/^(?:[a-z0-9!#$%&'*+.^_`|~-]+)$/.test(name ?? "")) continue;
    let q = 1;
    for (const param of params) {
      const match = /^q\s*=\s*(\S+)$/.exec(param);
      if (!match) continue;
      q = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(match[1]) ? Number(match[1]) : NaN;
    }
    // A repeated coding keeps its first weight (as `cookie` keeps the first of a repeated name).
    if (!Number.isNaN(q) && !weights.has(name)) weights.set(name, q);
  }
  let best: Encoding | null = null;
  let bestQ = 0;
  for (const coding of offered) {
    const q = weights.get(coding) ?? weights.get("*") ?? 0;
    if (q > bestQ) [best, bestQ] = [coding, q];
  }
  return best;
}

/** Bodies worth compressing: text, JSON, JavaScript, SVG and XML. Never an event stream (each event must go out whole, at once). */
export function isCompressibleType(contentType: string | null): boolean {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "text/event-stream") return false;
  return (
    type.startsWith("text/") ||
    /^application\/(?:json|javascript|xml|manifest\+json|[a-z0-9.+-]+\+(?:json|xml))$/.test(type) ||
    type === "image/svg+xml"
  );
}

/** Adds `Accept-Encoding` to a response's `Vary`, keeping what it already names. */
export function varyOnAcceptEncoding(headers: Headers): void {
  const vary = headers.get("vary");
  if (!vary) headers.set("Vary", "Accept-Encoding");
  else if (!vary.split(",").some((v) => ["accept-encoding", "*"].includes(v.trim().toLowerCase())))
    headers.set("Vary", `${vary}, Accept-Encoding`);
}
