// Sign-in with OpenID Connect: remix-auth-oauth2 runs the authorization-code flow (PKCE S256, state in
// a cookie); we add the nonce and check the id_token (id-token.server.ts), read claims, and resolve the
// local account. Strategies never make sessions: the callback route does.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase64, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { OAuth2Tokens } from "arctic";
import { CodeChallengeMethod, OAuth2RequestError, OAuth2Strategy } from "remix-auth-oauth2";
import { describeFetchError, RemoteError, remoteText } from "~/integrations/remote.server";
import type { Sql } from "~/db.server";
import { DirectoryUserRefused, provisionDirectoryUser } from "~/models/directory-users.server";
import type { AuditActor } from "~/models/audit.server";
import { clearCookie, cookieAttributes, cookieName, readCookies } from "../cookie.server";
import { USERNAME_PATTERN } from "../forms";
import type { OidcConfig } from "./config";
import type { ProviderMetadata } from "./discovery.server";
import { IdTokenError, verifyIdToken } from "./id-token.server";

import type { OidcErrorCode } from "./messages";

export const CALLBACK_PATH = "/api/auth/callback/oidc";

/** A failed sign-in: `reason` is precise (audit, server log); `code` picks what the person reads (OIDC_ERRORS). */
export class OidcSignInError extends Error {
  constructor(
    readonly reason: string,
    readonly code: OidcErrorCode = "failed",
  ) {
    super(reason);
    this.name = "OidcSignInError";
  }
}

/**
 * The nonce, derived from the PKCE code verifier that only this browser's httpOnly cookie holds: the
 * id_token must carry it, so a token obtained for another browser's sign-in is refused.
 */
export function nonceFor(codeVerifier: string): string {
  return encodeBase64urlNoPadding(sha256(new TextEncoder().encode(`porch-oidc-nonce:${codeVerifier}`)));
}

/** The code verifier this browser stored for `state` (remix-auth-oauth2's cookie format). */
export function codeVerifierFor(request: Request, state: string, secure: boolean): string | null {
  const cookies = readCookies(request);
  for (const name of flowCookieNames(request, secure)) {
    const verifier = new URLSearchParams(cookies[name]).get(state);
    if (verifier) return verifier;
  }
  return null;
}

/** Cookies that remove every state cookie of the flow (the library leaves them to expire). */
export function clearFlowCookies(request: Request, secure: boolean): string[] {
  return flowCookieNames(request, secure).map((name) => clearCookie("oidcState", secure, name));
}

/** The flow's state cookies this request carries: one per sign-in started, "<name>:<uuid>". */
function flowCookieNames(request: Request, secure: boolean): string[] {
  const prefix = cookieName("oidcState", secure);
  return Object.keys(readCookies(request)).filter((name) => name.startsWith(prefix));
}

export interface OidcOutcome {
  userId: string;
  idToken: string;
  /** When the person last signed in at the provider (the id_token's auth_time), when it says. */
  authTime?: Date;
}

class OidcStrategy extends OAuth2Strategy<OidcOutcome> {
  override name = "oidc";
  constructor(
    private readonly config: OidcConfig,
    /** Ask the provider to sign the person in again (a sensitive action's confirmation), not to reuse its session. */
    private readonly reauth: boolean,
    options: OAuth2Strategy.ConstructorOptions,
    verify: (options: OAuth2Strategy.VerifyOptions) => Promise<OidcOutcome>,
  ) {
    super(options, verify);
  }

  protected override createAuthorizationURL() {
    const created = super.createAuthorizationURL();
    created.url.searchParams.set("nonce", nonceFor(created.codeVerifier));
    if (this.reauth) {
      created.url.searchParams.set("prompt", "login");
      created.url.searchParams.set("max_age", "0");
    }
    return created;
  }

  /**
   * The code for tokens, with a time limit and the answer read up to 1 MB (arctic's own request has
   * neither). client_secret_post sends the credentials in the body, client_secret_basic in a header.
   */
  protected override async validateAuthorizationCode(code: string, codeVerifier: string): Promise<OAuth2Tokens> {
    const post = this.config.tokenEndpointAuthMethod === "client_secret_post";
    const form = new URLSearchParams({
      grant_type: "authorization_code",
      code,
      code_verifier: codeVerifier,
      redirect_uri: this.options.redirectURI?.toString() ?? "",
    });
    if (post) {
      form.set("client_id", this.config.clientId);
      form.set("client_secret", this.config.clientSecret);
    }
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" };
    if (!post)
      headers.Authorization = `Basic ${encodeBase64(new TextEncoder().encode(`${this.config.clientId}:${this.config.clientSecret}`))}`;
    let body: Record<string, unknown>;
    let response: Response;
    try {
      response = await fetch(this.options.tokenEndpoint.toString(), {
        method: "POST",
        headers,
        body: form,
        signal: AbortSignal.timeout(5_000),
      });
      body = parseObject(await remoteText(response, 0));
    } catch (error) {
      throw new OidcSignInError(`token endpoint: ${error instanceof RemoteError ? error.message : describeFetchError(error)}`);
    }
    if (!response.ok) {
      // The provider's own refusal (invalid_grant, access_denied…), as arctic would report it.
      if (typeof body.error === "string")
        throw new OAuth2RequestError(body.error, typeof body.error_description === "string" ? body.error_description : null, null, null);
      throw new OidcSignInError(`token endpoint answered ${response.status}`);
    }
    return new OAuth2Tokens(body);
  }
}

/** A JSON object from the provider, or {} for anything else (the callers check what they need). */
function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A claim by dotted path (`realm_access.roles`). */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  let node: unknown = claims;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** A Porch username from whatever the provider calls the person. */
export function usernameFrom(value: string, sub: string): string {
  const cleaned = value
    .trim()
    .replace(/\s+/g, ".")
    .replace(/[^A-Za-z0-9._@-]/g, "")
    .replace(/^[^A-Za-z0-9]+/, "")
    .slice(0, 64);
  return USERNAME_PATTERN.test(cleaned) ? cleaned : `oidc-${sub.replace(/[^A-Za-z0-9]/g, "").slice(0, 24) || "user"}`;
}

export interface Profile {
  sub: string;
  username: string;
  displayName: string | null;
  email: string | null;
  emailVerified: boolean;
  picture: string | null;
  groups: string[];
  /** Where the claims came from, for the audit. */
  source: "id_token" | "userinfo";
}

/** Name, email, picture and groups from the id_token, or from userinfo when forced or when they are missing. */
export async function resolveProfile(
  config: OidcConfig,
  metadata: ProviderMetadata,
  idClaims: Record<string, unknown> & { sub: string },
  accessToken: string,
): Promise<Profile> {
  let claims = idClaims;
  let userinfo: Record<string, unknown> | null = null;
  let source: Profile["source"] = "id_token";
  const missing = [config.nameClaim, config.emailClaim, config.groupsClaim].some((c) => claimAt(idClaims, c) === undefined);
  if ((config.forceUserinfo || missing) && metadata.userinfoEndpoint) {
    try {
      const response = await fetch(metadata.userinfoEndpoint, {
        headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" },
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new OidcSignInError(`userinfo answered ${response.status}`);
      }
      userinfo = parseObject(await remoteText(response, 0));
    } catch (error) {
      if (error instanceof OidcSignInError) throw error;
      throw new OidcSignInError(`userinfo: ${error instanceof RemoteError ? error.message : describeFetchError(error)}`);
    }
    // Userinfo about someone else must never be believed.
    if (userinfo.sub !== idClaims.sub) throw new OidcSignInError("userinfo sub differs from the id_token's");
    claims = { ...idClaims, ...userinfo, sub: idClaims.sub };
    source = "userinfo";
  }
  const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
  // The address and the word that it is verified come from one document, and email_verified speaks of
  // the `email` claim only: never one source's flag for the other's address, or for another claim.
  const emailFrom = userinfo && text(claimAt(userinfo, config.emailClaim)) ? userinfo : idClaims;
  const email = text(claimAt(emailFrom, config.emailClaim));
  const emailVerified = email !== null && config.emailClaim === "email" && emailFrom.email_verified === true;
  const display = text(claims.name);
  const named = text(claimAt(claims, config.nameClaim)) ?? display ?? email;
  if (!named) throw new OidcSignInError(`no ${config.nameClaim}, name or email claim to name the account`, "no-identity");
  const rawGroups = claimAt(claims, config.groupsClaim);
  const groups = Array.isArray(rawGroups)
    ? rawGroups.filter((g): g is string => typeof g === "string")
    : typeof rawGroups === "string"
      ? [rawGroups]
      : [];
  const picture = text(claims.picture);
  return {
    sub: idClaims.sub,
    username: usernameFrom(named, idClaims.sub),
    displayName: display,
    email,
    emailVerified,
    picture: picture && /^https?:\/\//i.test(picture) ? picture.slice(0, 2048) : null,
    groups,
    source,
  };
}

/** The local account for a verified profile (identity = issuer + sub). */
export async function provisionOidcUser(
  sql: Sql,
  config: OidcConfig,
  metadata: ProviderMetadata,
  profile: Profile,
  client: Omit<AuditActor, "userId">,
): Promise<string> {
  try {
    return await provisionDirectoryUser(
      sql,
      "oidc",
      {
        dn: `${metadata.issuer} ${profile.sub}`,
        externalId: `${metadata.issuer}#${profile.sub}`,
        username: profile.username,
        email: profile.email,
        displayName: profile.displayName,
        avatarUrl: profile.picture,
        groups: profile.groups,
      },
      {
        adminGroup: config.adminGroup,
        client,
        syncGroups: !config.groupsLocalManagement,
        linkEmail: config.dangerousAccountLinking && profile.emailVerified ? profile.email : null,
      },
    );
  } catch (error) {
    if (error instanceof DirectoryUserRefused) {
      throw new OidcSignInError(
        `oidc ${error.reason}`,
        error.reason === "inactive"
          ? "inactive"
          : error.reason === "ambiguous-username" || error.reason === "unusable-username"
            ? "name-ambiguous"
            : "name-taken",
      );
    }
    throw error;
  }
}

/** The strategy for one request; `verify` turns tokens into the local account. */
export function oidcStrategy(
  config: OidcConfig,
  metadata: ProviderMetadata,
  options: { redirectURI: string; secureCookies: boolean; reauth?: boolean },
  resolve: (input: { claims: Record<string, unknown> & { sub: string }; accessToken: string; idToken: string }) => Promise<string>,
) {
  return new OidcStrategy(
    config,
    options.reauth ?? false,
    {
      // The library reads every cookie whose name starts with this one: with the prefix, only ours.
      cookie: { name: cookieName("oidcState", options.secureCookies), ...stateCookieAttributes(options.secureCookies) },
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      authorizationEndpoint: metadata.authorizationEndpoint,
      tokenEndpoint: metadata.tokenEndpoint,
      redirectURI: options.redirectURI,
      scopes: config.scopes,
      codeChallengeMethod: CodeChallengeMethod.S256,
    },
    async ({ request, tokens }) => {
      const state = new URL(request.url).searchParams.get("state") ?? "";
      const verifier = codeVerifierFor(request, state, options.secureCookies);
      if (!verifier) throw new OidcSignInError("no code verifier for this state");
      let idToken: string;
      try {
        idToken = tokens.idToken();
      } catch {
        throw new OidcSignInError("the token response has no id_token (is the openid scope allowed?)");
      }
      try {
        const claims = await verifyIdToken(idToken, metadata, config, nonceFor(verifier));
        const userId = await resolve({
          claims: claims as Record<string, unknown> & { sub: string },
          accessToken: tokens.accessToken(),
          idToken,
        });
        const authTime = typeof claims.auth_time === "number" ? new Date(claims.auth_time * 1000) : undefined;
        return { userId, idToken, authTime };
      } catch (error) {
        if (error instanceof IdTokenError) throw new OidcSignInError(error.reason);
        throw error;
      }
    },
  );
}

/** The state cookie's attributes (the ones it is cleared with) in the shape remix-auth-oauth2 sets them: @mjackson/headers' SetCookie. */
function stateCookieAttributes(secure: boolean) {
  const { path, httpOnly, sameSite, secure: isSecure, maxAge } = cookieAttributes("oidcState", secure);
  return { path, httpOnly, sameSite: ({ lax: "Lax" } as const)[sameSite], ...(isSecure ? { secure: true as const } : {}), maxAge };
}
