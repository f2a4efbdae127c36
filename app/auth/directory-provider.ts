// The sign-in providers whose accounts and groups come from elsewhere: a directory (LDAP), an identity
// provider (OpenID Connect) or an identity-aware proxy (trusted headers). One list, so a new one is
// added in one place; their groups map to local ones the same way (ADR 016).
export const DIRECTORY_PROVIDERS = ["ldap", "oidc", "proxy"] as const;
export type DirectoryProvider = (typeof DIRECTORY_PROVIDERS)[number];

export const DIRECTORY_PROVIDER_LABELS: Record<DirectoryProvider, string> = {
  ldap: "LDAP",
  oidc: "OpenID Connect",
  proxy: "Proxy",
};

export const isDirectoryProvider = (value: unknown): value is DirectoryProvider =>
  typeof value === "string" && (DIRECTORY_PROVIDERS as readonly string[]).includes(value);
