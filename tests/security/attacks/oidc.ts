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
  { area: "OpenID Connect", attack: "Making yourself admin by creating a provider group called admins (GitLab groups, Gitea organisations)", defence: "Only groups an admin mapped for OIDC (and AUTH_OIDC_ADMIN_GROUP) are synced: never a group by its name", asvs: "4.1.2",
    test: { file: "tests/integration/directory-groups.test.ts", title: "refuses to put an OIDC user into local groups named like groups they made at the provider, admins included" } },
  { area: "OpenID Connect", attack: "Using a mapping an admin made for the LDAP directory's group through a provider group of the same name (and the reverse)", defence: "Each mapping names its provider; sync reads only that provider's", asvs: "4.1.2",
    test: { file: "tests/integration/directory-groups.test.ts", title: "refuses a mapping made for one provider to a user of the other with a group of that name" } },
  { area: "OpenID Connect", attack: "A provider group named like a mapped one or the admin group but for its case (OPS, PORCH-ADMINS)", defence: "OIDC group names compare exactly, in one SQL function (porch_directory_group_matches)", asvs: "4.1.2",
    test: { file: "tests/integration/directory-groups.test.ts", title: "refuses provider group names that differ only by case, in mappings and in AUTH_OIDC_ADMIN_GROUP" } },
];
