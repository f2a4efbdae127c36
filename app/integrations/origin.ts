// The origin a stored secret is bound to. Shared by the server (which enforces it) and the form
// (which warns before a save would clear the secrets).

/** `scheme://host[:port]` as the WHATWG URL parser spells it (lower case, default port dropped); null when unparseable. */
export function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}
