// A logout token (OpenID Connect Back-Channel Logout 1.0, section 2.6), checked before anything in it is
// believed: signature against the provider's published keys, iss, aud (and azp), iat, the logout event,
// no nonce (so an id_token can't pass for one), a sub or a sid, and a jti to refuse it a second time.
import { decodeProtectedHeader, errors, type JWTPayload } from "jose";
import { MINUTE } from "~/utils/time";
import type { OidcConfig } from "./config";
import { OidcUnavailableError, type ProviderMetadata } from "./discovery.server";
import { CLOCK_TOLERANCE_S, describeJoseError, verifyProviderJwt, wrongParty } from "./id-token.server";

export const LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

export class LogoutTokenError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "LogoutTokenError";
  }
}

export interface LogoutClaims {
  sub: string | null;
  sid: string | null;
  jti: string;
  /** When it stops being accepted: its jti is remembered until then. */
  acceptedUntil: Date;
}

/** A provider sends it the moment the person logs out there; some queue and retry for a few minutes. */
export const MAX_LOGOUT_TOKEN_AGE_MS = 10 * MINUTE;
/** Longer claims than these are no provider's ids: refused rather than stored. */
const MAX_ID_LENGTH = 255;
const TYPES = new Set(["logout+jwt", "application/logout+jwt", "jwt", "application/jwt"]);

export async function verifyLogoutToken(token: string, metadata: ProviderMetadata, config: OidcConfig): Promise<LogoutClaims> {
  let payload: JWTPayload;
  try {
    // Explicit typing (section 2.4) when the provider uses it; anything else typed (an access token) isn't one.
    const { typ } = headerOf(token);
    if (typ !== undefined && !TYPES.has(String(typ).toLowerCase())) throw new LogoutTokenError("typ is not logout+jwt");
    payload = await verifyProviderJwt(token, metadata, config, {
      requiredClaims: ["iat", "jti", "events"],
      maxTokenAgeS: MAX_LOGOUT_TOKEN_AGE_MS / 1000,
    });
  } catch (error) {
    if (error instanceof LogoutTokenError) throw error;
    // The provider's keys can't be fetched (a rotation during a network blip): not the token's fault, and
    // a provider that retries should (attack40).
    if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
      throw new OidcUnavailableError(`The provider's signing keys can't be fetched: ${(error as Error).message}`);
    }
    throw new LogoutTokenError(describeJoseError(error, "logout token"));
  }
  const party = wrongParty(payload, config.clientId);
  if (party) throw new LogoutTokenError(party);
  const events = payload.events;
  const event = isObject(events) ? events[LOGOUT_EVENT] : undefined;
  if (!isObject(event)) throw new LogoutTokenError(`events has no ${LOGOUT_EVENT} object`);
  // An id_token carries the nonce of the sign-in it answers; a logout token must not (section 2.4).
  if ("nonce" in payload) throw new LogoutTokenError("it has a nonce, as an id_token does");
  const sub = idClaim(payload, "sub");
  const sid = idClaim(payload, "sid");
  if (!sub && !sid) throw new LogoutTokenError("it names neither a sub nor a sid");
  const jti = idClaim(payload, "jti");
  if (!jti) throw new LogoutTokenError("jti is missing");
  const acceptedUntil = new Date((payload.iat as number) * 1000 + MAX_LOGOUT_TOKEN_AGE_MS + 2 * CLOCK_TOLERANCE_S * 1000);
  return { sub, sid, jti, acceptedUntil };
}

function headerOf(token: string) {
  try {
    return decodeProtectedHeader(token);
  } catch {
    throw new LogoutTokenError("logout token is malformed (not a signed JWT)");
  }
}

function idClaim(payload: JWTPayload, name: "sub" | "sid" | "jti"): string | null {
  const value = payload[name];
  if (value === undefined) return null;
  if (typeof value !== "string" || !value || value.length > MAX_ID_LENGTH) throw new LogoutTokenError(`${name} is not a usable id`);
  return value;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
