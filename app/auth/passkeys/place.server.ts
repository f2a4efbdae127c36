import { getConfig } from "~/config.server";
import type { PasskeyPlace } from "./ceremonies.server";

/** Where passkeys live on this server (their domain, origin and cookie security), or null when they are off. */
export function passkeyPlace(): PasskeyPlace | null {
  const config = getConfig();
  return config.passkeys ? { config: config.passkeys, secure: config.secureCookies } : null;
}

/**
 * Whose accounts may have passkeys: Porch's own. An account from a directory, an identity provider or a
 * proxy is let in by that source at each sign-in; a passkey here would get around it (someone removed
 * there could still sign in), so those accounts have none until a passkey can be a second factor after it.
 */
export const passkeysAllowedFor = (user: { provider?: string }) => user.provider === "credentials";

/** Whether this account may have passkeys on this server now: they are on, and it is one of Porch's own. */
export const mayHavePasskeys = (user: { provider?: string }) => passkeyPlace() !== null && passkeysAllowedFor(user);
