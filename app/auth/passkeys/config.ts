// When passkeys are on, and for which domain (issue #21, ADR 037). A passkey is bound to an RP ID, a
// domain, and every answer is checked against one exact origin: both come from BASE_URL, never from a
// request, so nothing a visitor sends can make Porch accept a passkey made for another site.

export interface PasskeyConfig {
  /** The domain passkeys are bound to: BASE_URL's host, or a parent of it (AUTH_WEBAUTHN_RP_ID). */
  rpId: string;
  /** The only origin an answer may come from: BASE_URL's. */
  origin: string;
  /** What a browser shows beside the passkey. */
  rpName: string;
}

export const PASSKEY_VARIABLES = ["AUTH_PASSKEYS", "AUTH_WEBAUTHN_RP_ID"] as const;

export type PasskeyResult = { config: PasskeyConfig | null; off: string | null; errors: string[] };

// Browsers refuse an IP address as an RP ID: a passkey needs a name.
const isIpHost = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith("[");

/** Reads AUTH_PASSKEYS (on, off; unset: on whenever BASE_URL allows) and AUTH_WEBAUTHN_RP_ID. */
export function parsePasskeyConfig(input: Record<string, string | undefined>, baseUrl: URL | null): PasskeyResult {
  const wanted = input.AUTH_PASSKEYS?.trim().toLowerCase();
  const rpIdText = input.AUTH_WEBAUTHN_RP_ID?.trim().toLowerCase().replace(/^\./, "");
  if (wanted !== undefined && wanted !== "on" && wanted !== "off")
    return { config: null, off: null, errors: [`AUTH_PASSKEYS must be on or off (got "${input.AUTH_PASSKEYS}")`] };
  if (wanted === "off") return { config: null, off: "AUTH_PASSKEYS=off", errors: [] };
  const host = baseUrl?.hostname.toLowerCase() ?? null;
  const unusable = !host
    ? "passkeys are bound to a domain: set BASE_URL to Porch's address (e.g. BASE_URL=https://porch.example.com)"
    : isIpHost(host)
      ? `passkeys are bound to a domain name, and BASE_URL's host ${host} is an IP address`
      : null;
  if (unusable) {
    // Asked for explicitly, a server that can't honour it must not start as if it did.
    if (wanted === "on" || rpIdText) return { config: null, off: null, errors: [`AUTH_PASSKEYS=on needs a usable BASE_URL: ${unusable}`] };
    return { config: null, off: unusable, errors: [] };
  }
  if (rpIdText && !/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(rpIdText))
    return {
      config: null,
      off: null,
      errors: [`AUTH_WEBAUTHN_RP_ID must be a domain, such as example.com (got "${input.AUTH_WEBAUTHN_RP_ID}")`],
    };
  if (rpIdText && host !== rpIdText && !host!.endsWith(`.${rpIdText}`))
    return {
      config: null,
      off: null,
      errors: [`AUTH_WEBAUTHN_RP_ID must be BASE_URL's host or a parent of it (${host} isn't under ${rpIdText})`],
    };
  return { config: { rpId: rpIdText || host!, origin: baseUrl!.origin, rpName: "Porch" }, off: null, errors: [] };
}
