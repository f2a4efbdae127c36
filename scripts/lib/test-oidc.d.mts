import type Provider from "oidc-provider";
export declare const TEST_CLIENT: { id: string; secret: string };
export declare function startTestOidcProvider(options?: {
  port?: number;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  claimsInIdToken?: boolean;
}): Promise<{ issuer: string; jwk: Record<string, unknown>; provider: Provider; close: () => Promise<void> }>;
