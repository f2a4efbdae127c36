/**
 * RFC 4515: a value placed inside a search filter. `*`, `(`, `)`, `\` and NUL become \2a \28 \29 \5c \00
 * (other ASCII control characters too), so a username like `*)(uid=*))(|(uid=*` matches only itself (that
 * is, nobody). Everything else stays as it is, non-ASCII included: the RFC allows it, and ldapts reads
 * each \XX as one character, so escaped UTF-8 bytes would reach the server as other letters (jörg as
 * jÃ¶rg) and a non-ASCII name would never be found.
 */
export function escapeFilterValue(value: string): string {
  let out = "";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    out += code < 0x20 || code === 0x7f || "*()\\".includes(ch) ? `\\${code.toString(16).padStart(2, "0")}` : ch;
  }
  return out;
}

/** Fills `{{username}}` and `{{dn}}` in a configured filter, escaping each value. */
export function fillFilter(template: string, values: { username?: string; dn?: string }): string {
  return template.replace(/\{\{(username|dn)\}\}/g, (_, key: "username" | "dn") => escapeFilterValue(values[key] ?? ""));
}
