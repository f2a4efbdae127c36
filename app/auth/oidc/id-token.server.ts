// What OAuth2 alone lacks: the id_token checked as OpenID Connect requires, before anything in it is
// believed. Signature against the provider's keys (never `alg: none`), iss, aud, azp, exp, iat, nonce.
import { errors, jwtVerify, type JWTPayload } from "jose";
import { HOUR, MINUTE } from "~/utils/time";
import type { OidcConfig } from "./config";
import { keySet, type ProviderMetadata } from "./discovery.server";

export class IdTokenError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "IdTokenError";
  }
}

/** Clocks drift; a minute of tolerance, no more. */
export const CLOCK_TOLERANCE_S = MINUTE / 1000;
/** How old an id_token may be when it arrives: it is fetched with the code a moment after it was made. */
const MAX_TOKEN_AGE_S = HOUR / 1000;

export async function verifyIdToken(
  idToken: string,
  metadata: ProviderMetadata,
  config: OidcConfig,
  expectedNonce: string,
): Promise<JWTPayload & { sub: string }> {
  let payload: JWTPayload;
  try {
    // The token comes straight from the token endpoint: issued just now, never in the future (jose
    // checks iat against the clock only with a maximum age).
    payload = await verifyProviderJwt(idToken, metadata, config, { requiredClaims: ["sub", "iat", "exp"], maxTokenAgeS: MAX_TOKEN_AGE_S });
  } catch (error) {
    throw new IdTokenError(describeJoseError(error, "id_token"));
  }
  const party = wrongParty(payload, config.clientId);
  if (party) throw new IdTokenError(party);
  if (payload.nonce !== expectedNonce) throw new IdTokenError("nonce doesn't match this browser's sign-in");
  if (typeof payload.sub !== "string" || !payload.sub) throw new IdTokenError("sub is missing");
  return payload as JWTPayload & { sub: string };
}

/**
 * A JWT the provider signed for this client (an id_token, a logout token): the provider's published keys
 * and algorithms (never `none`), `iss`, `aud`, the claims the kind needs, and an age limit, with a minute's
 * clock tolerance. jose's errors are thrown as they are; `wrongParty` is the caller's next check.
 */
export async function verifyProviderJwt(
  token: string,
  metadata: ProviderMetadata,
  config: OidcConfig,
  options: { requiredClaims: string[]; maxTokenAgeS: number },
): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, keySet(metadata), {
    issuer: metadata.issuer,
    audience: config.clientId,
    algorithms: metadata.signingAlgorithms,
    clockTolerance: CLOCK_TOLERANCE_S,
    requiredClaims: options.requiredClaims,
    maxTokenAge: options.maxTokenAgeS,
  });
  return payload;
}

/** More than one audience, or an azp at all: the token must say it was issued to us. Why not, or null. */
export function wrongParty(payload: JWTPayload, clientId: string): string | null {
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== clientId) {
    return `azp is "${String(payload.azp)}", not our client id`;
  }
  return null;
}

/** Why jose refused a token from the provider, in words for the audit log (`what`: which token). */
export function describeJoseError(error: unknown, what: string): string {
  if (error instanceof errors.JWTExpired) return `${what} expired`;
  if (error instanceof errors.JWTClaimValidationFailed) return `${what} ${error.claim} is wrong (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return `${what} signature doesn't verify`;
  if (error instanceof errors.JWKSNoMatchingKey) return `${what} is signed by a key the provider doesn't publish`;
  if (error instanceof errors.JOSEAlgNotAllowed) return `${what} uses an algorithm that isn't allowed`;
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return `${what} is malformed (${(error as Error).message})`;
  return `${what} can't be verified (${(error as Error).message})`;
}
