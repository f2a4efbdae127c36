import type { Attack } from "../catalogue";

export const oidc: Attack[] = [
  { area: "OpenID Connect", attack: "Tampered state, missing state cookie, replayed code", defence: "State checked against this browser's cookie; codes work once (provider)", asvs: null,
    test: { file: "tests/integration/oidc.test.ts", title: "refuses a tampered state, a missing state cookie, and a replayed code" } },
  { area: "OpenID Connect", attack: "Injecting another browser's authorization code", defence: "PKCE verifier and nonce are bound to this browser's cookie", asvs: null,
    test: { file: "tests/integration/oidc.test.ts", title: "refuses a code finished in another browser (the nonce is bound to the code verifier)" } },
  { area: "OpenID Connect", attack: "Forged id_token: another key, wrong aud/iss, expired, wrong nonce, alg none", defence: "jose verification against the provider's JWKS and every claim", asvs: "3.5.3",
    test: { file: "tests/integration/oidc.test.ts", title: "accepts the real thing, and refuses every forgery" } },
  { area: "OpenID Connect", attack: "Taking over a local account through an unverified email", defence: "Linking only when enabled and email_verified is true", asvs: null,
    test: { file: "tests/integration/oidc.test.ts", title: "links to an existing local account by email only when the email is verified and linking is on" } },
];
