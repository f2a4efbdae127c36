import type Provider from "oidc-provider";
export declare const TEST_CLIENT: { id: string; secret: string };
export declare function startTestOidcProvider(options?: {
  port?: number;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  claimsInIdToken?: boolean;
  backchannelLogoutUri?: string;
}): Promise<{ issuer: string; jwk: import("jose").JWK & { kid: string }; provider: Provider; close: () => Promise<void> }>;
