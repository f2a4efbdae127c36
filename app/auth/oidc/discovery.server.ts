// The provider's metadata, from its discovery document: cached for an hour, fetched again after a
// failure, and explained in words when the provider can't be reached. Signing keys are jose's remote
// key set, which refetches when a token names a key it hasn't seen (rotation).
import { createRemoteJWKSet, customFetch } from "jose";
import { HOUR, SECOND } from "~/utils/time";
import { cappedFetch, describeFetchError, RemoteError, remoteText } from "~/integrations/remote.server";
import type { OidcConfig } from "./config";

export interface ProviderMetadata {
  /** Exactly as the provider states it: id_tokens' `iss` must equal this. */
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userinfoEndpoint: string | null;
  jwksUri: string;
  endSessionEndpoint: string | null;
  signingAlgorithms: string[];
  /** It says it sends logout tokens (backchannel_logout_supported): shown on the admin page. */
  backchannelLogout: boolean;
}

export class OidcUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OidcUnavailableError";
  }
}

const CACHE_MS = HOUR;
const TIMEOUT_MS = 5 * SECOND;
let cached: { key: string; at: number; metadata: ProviderMetadata } | null = null;
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

export const discoveryUrl = (config: OidcConfig) => `${config.issuer}/.well-known/openid-configuration`;

/** The metadata, from cache when fresh; `refresh` forces a new fetch. */
export async function discover(config: OidcConfig, options: { refresh?: boolean } = {}): Promise<ProviderMetadata> {
  if (!options.refresh && cached?.key === config.issuer && Date.now() - cached.at < CACHE_MS) return cached.metadata;
  const url = discoveryUrl(config);
  let body: Record<string, unknown>;
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) throw new OidcUnavailableError(`${url} answered ${response.status}`);
    body = JSON.parse(await remoteText(response, 0)) as Record<string, unknown>;
  } catch (error) {
    cached = null;
    if (error instanceof OidcUnavailableError) throw error;
    if (error instanceof RemoteError) throw new OidcUnavailableError(`${url}: ${error.message}`);
    throw new OidcUnavailableError(`${url} can't be reached: ${describeFetchError(error, TIMEOUT_MS)}`);
  }
  const text = (key: string, required = true) => {
    const value = body[key];
    if (typeof value === "string" && value) return value;
    if (required) throw new OidcUnavailableError(`The discovery document at ${url} has no ${key}`);
    return null;
  };
  const issuer = text("issuer")!;
  // Tolerant of a trailing slash on either side, strict about everything else.
  if (issuer.replace(/\/+$/, "") !== config.issuer) {
    throw new OidcUnavailableError(`The provider calls itself "${issuer}", not AUTH_OIDC_ISSUER "${config.issuer}"`);
  }
  const algorithms = Array.isArray(body.id_token_signing_alg_values_supported)
    ? (body.id_token_signing_alg_values_supported as string[]).filter((a) => a !== "none")
    : ["RS256"];
  const metadata: ProviderMetadata = {
    issuer,
    authorizationEndpoint: text("authorization_endpoint")!,
    tokenEndpoint: text("token_endpoint")!,
    userinfoEndpoint: text("userinfo_endpoint", false),
    jwksUri: text("jwks_uri")!,
    endSessionEndpoint: text("end_session_endpoint", false),
    signingAlgorithms: algorithms.length ? algorithms : ["RS256"],
    backchannelLogout: body.backchannel_logout_supported === true,
  };
  cached = { key: config.issuer, at: Date.now(), metadata };
  return metadata;
}

/** The provider's signing keys (jose caches them and refetches for an unknown key id). */
export function keySet(metadata: ProviderMetadata) {
  let set = keySets.get(metadata.jwksUri);
  if (!set) {
    set = createRemoteJWKSet(new URL(metadata.jwksUri), { timeoutDuration: TIMEOUT_MS, [customFetch]: cappedFetch });
    keySets.set(metadata.jwksUri, set);
  }
  return set;
}

export function forgetDiscoveryForTests(): void {
  cached = null;
  keySets.clear();
}
