/**
 * RFC 4515: a value placed inside a search filter. `*`, `(`, `)`, `\` and NUL become \2a \28 \29 \5c \00,
 * so a username like `*)(uid=*))(|(uid=*` matches only itself (that is, nobody).
 */
export function escapeFilterValue(value: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(value)) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x20 || byte > 0x7e || "*()\\".includes(ch) ? `\\${byte.toString(16).padStart(2, "0")}` : ch;
  }
  return out;
}

/** Fills `{{username}}` and `{{dn}}` in a configured filter, escaping each value. */
export function fillFilter(template: string, values: { username?: string; dn?: string }): string {
  return template.replace(/\{\{(username|dn)\}\}/g, (_, key: "username" | "dn") => escapeFilterValue(values[key] ?? ""));
}
