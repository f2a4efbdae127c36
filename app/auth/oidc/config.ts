/** OpenID Connect settings, from AUTH_OIDC_* (Homarr v1's names accepted as aliases). */
export interface OidcConfig {
  /** As configured, without a trailing slash. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  clientName: string;
  scopes: string[];
  nameClaim: string;
  emailClaim: string;
  /** A dotted path such as realm_access.roles. */
  groupsClaim: string;
  autoLogin: boolean;
  forceUserinfo: boolean;
  groupsLocalManagement: boolean;
  dangerousAccountLinking: boolean;
  tokenEndpointAuthMethod: "client_secret_basic" | "client_secret_post";
  adminGroup: string | null;
}

export const OIDC_VARIABLES = [
  "AUTH_OIDC_ISSUER",
  "AUTH_OIDC_CLIENT_ID",
  "AUTH_OIDC_CLIENT_SECRET",
  "AUTH_OIDC_SCOPES",
  "AUTH_OIDC_NAME_CLAIM",
  "AUTH_OIDC_EMAIL_CLAIM",
  "AUTH_OIDC_GROUPS_CLAIM",
  "AUTH_OIDC_CLIENT_NAME",
  "AUTH_OIDC_AUTO_LOGIN",
  "AUTH_OIDC_FORCE_USERINFO",
  "AUTH_OIDC_GROUPS_LOCAL_MANAGEMENT",
  "AUTH_OIDC_ENABLE_DANGEROUS_ACCOUNT_LINKING",
  "AUTH_OIDC_TOKEN_ENDPOINT_AUTH_METHOD",
  "AUTH_OIDC_ADMIN_GROUP",
  // Homarr v1 aliases.
  "AUTH_OIDC_SCOPE_OVERWRITE",
  "AUTH_OIDC_GROUPS_ATTRIBUTE",
  "AUTH_OIDC_NAME_ATTRIBUTE_OVERWRITE",
] as const;

const BOOLEAN = /^(true|false|1|0|yes|no)$/i;

/** Checks the OIDC variables; every problem is one line naming its variable. */
export function parseOidcConfig(env: Record<string, string>): { config: OidcConfig | null; errors: string[] } {
  const errors: string[] = [];
  const need = (name: string) => {
    if (!env[name]) errors.push(`${name} is required when AUTH_PROVIDERS contains oidc`);
    return env[name] ?? "";
  };
  const flag = (name: string) => {
    const value = env[name];
    if (value !== undefined && !BOOLEAN.test(value)) errors.push(`${name} must be true or false (got "${value}")`);
    return value !== undefined && /^(true|1|yes)$/i.test(value);
  };
  const issuer = need("AUTH_OIDC_ISSUER").replace(/\/+$/, "");
  if (issuer && !/^https?:\/\/[^\s]+$/.test(issuer)) errors.push(`AUTH_OIDC_ISSUER must be the provider's https:// URL (got "${issuer}")`);
  const clientId = need("AUTH_OIDC_CLIENT_ID");
  const clientSecret = need("AUTH_OIDC_CLIENT_SECRET");
  const scopes = (env.AUTH_OIDC_SCOPES ?? env.AUTH_OIDC_SCOPE_OVERWRITE ?? "openid profile email groups").split(/[\s,]+/).filter(Boolean);
  if (!scopes.includes("openid")) errors.push(`AUTH_OIDC_SCOPES must include openid (got "${scopes.join(" ")}")`);
  const method = env.AUTH_OIDC_TOKEN_ENDPOINT_AUTH_METHOD ?? "client_secret_basic";
  if (method !== "client_secret_basic" && method !== "client_secret_post") {
    errors.push(`AUTH_OIDC_TOKEN_ENDPOINT_AUTH_METHOD must be client_secret_basic or client_secret_post (got "${method}")`);
  }
  const config: OidcConfig = {
    issuer,
    clientId,
    clientSecret,
    clientName: env.AUTH_OIDC_CLIENT_NAME ?? "OpenID Connect",
    scopes,
    nameClaim: env.AUTH_OIDC_NAME_CLAIM ?? env.AUTH_OIDC_NAME_ATTRIBUTE_OVERWRITE ?? "preferred_username",
    emailClaim: env.AUTH_OIDC_EMAIL_CLAIM ?? "email",
    groupsClaim: env.AUTH_OIDC_GROUPS_CLAIM ?? env.AUTH_OIDC_GROUPS_ATTRIBUTE ?? "groups",
    autoLogin: flag("AUTH_OIDC_AUTO_LOGIN"),
    forceUserinfo: flag("AUTH_OIDC_FORCE_USERINFO"),
    groupsLocalManagement: flag("AUTH_OIDC_GROUPS_LOCAL_MANAGEMENT"),
    dangerousAccountLinking: flag("AUTH_OIDC_ENABLE_DANGEROUS_ACCOUNT_LINKING"),
    tokenEndpointAuthMethod: method as OidcConfig["tokenEndpointAuthMethod"],
    adminGroup: env.AUTH_OIDC_ADMIN_GROUP ?? null,
  };
  return { config: errors.length ? null : config, errors };
}
