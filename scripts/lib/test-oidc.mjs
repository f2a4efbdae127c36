// A real OpenID provider for the tests (panva's oidc-provider), in-process on 127.0.0.1, with its own
// login form (devInteractions), consent granted automatically, RP-initiated logout, and accounts whose
// claims differ: groups in `groups`, in a nested claim, or missing; email verified and not.
import { createServer } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

export const TEST_CLIENT = { id: "porch", secret: "porch-test-client-secret-0123456789" };

const ACCOUNTS = {
  alice: {
    preferred_username: "alice",
    name: "Alice Liddell",
    email: "alice@example.com",
    email_verified: true,
    picture: "https://img.example/alice.png",
    groups: ["porch-admins", "family"],
  },
  bob: {
    preferred_username: "bob",
    name: "Bob",
    email: "bob@example.com",
    email_verified: false,
    realm_access: { roles: ["family", "media"] },
  },
  carol: { preferred_username: "carol", name: "Carol", email: "carol@example.com", email_verified: true },
  dave: { preferred_username: "dave", name: "Dave", email: "dave@example.com", email_verified: false },
  // For the browser tests (alice is taken there by the LDAP directory's alice).
  olivia: {
    preferred_username: "olivia",
    name: "Olivia Oidc",
    email: "olivia@example.com",
    email_verified: true,
    groups: ["porch-admins"],
  },
  mallory: { name: "Mallory", email: "mallory@example.com", email_verified: true, groups: [] },
  // Anyone may create groups at some providers (GitLab, Gitea): groups named like Porch's own.
  selfmade: {
    preferred_username: "selfmade",
    name: "Self Made",
    email: "selfmade@example.com",
    email_verified: true,
    groups: ["admins", "family", "media"],
  },
  // Names that differ from mapped ones only by case.
  caser: { preferred_username: "caser", name: "Caser", email: "caser@example.com", email_verified: true, groups: ["OPS", "PORCH-ADMINS"] },
  // Its id_token says one verified address; its userinfo names another, without email_verified.
  mixy: {
    preferred_username: "mixy",
    name: "Mixy",
    email: "mixy@example.com",
    email_verified: true,
    userinfo: { preferred_username: "mixy", name: "Mixy", email: "victim@example.com" },
  },
  // A verified `email`, and another address in a claim email_verified says nothing about.
  upnuser: { preferred_username: "victim@example.com", name: "Upn User", email: "upn@example.com", email_verified: true },
};

/**
 * Starts the provider. `redirectUris` and `postLogoutRedirectUris` are registered for the test client;
 * `claimsInIdToken: false` keeps profile claims out of the id_token (they come from userinfo only).
 * `backchannelLogoutUri` turns on back-channel logout: the provider POSTs a logout token there (with the
 * sid, which its id_tokens then carry) when a person logs out at it.
 */
export async function startTestOidcProvider({
  port = 0,
  redirectUris,
  postLogoutRedirectUris = [],
  claimsInIdToken = true,
  backchannelLogoutUri = undefined,
} = {}) {
  const server = createServer();
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: "test-key-1", alg: "RS256", use: "sig" };
  // Its start-up warnings (Node 20, in-memory adapter, dev login form) are expected here: hush them.
  const warn = console.warn;
  console.warn = (...args) => (String(args[0]).includes("oidc-provider WARNING") ? undefined : warn(...args));
  let provider;
  try {
    provider = new Provider(issuer, {
      clients: [
        {
          client_id: TEST_CLIENT.id,
          client_secret: TEST_CLIENT.secret,
          redirect_uris: redirectUris,
          post_logout_redirect_uris: postLogoutRedirectUris,
          response_types: ["code"],
          grant_types: ["authorization_code"],
          token_endpoint_auth_method: "client_secret_basic",
          ...(backchannelLogoutUri ? { backchannel_logout_uri: backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
        },
        {
          client_id: `${TEST_CLIENT.id}-post`,
          client_secret: TEST_CLIENT.secret,
          redirect_uris: redirectUris,
          response_types: ["code"],
          grant_types: ["authorization_code"],
          token_endpoint_auth_method: "client_secret_post",
        },
      ],
      jwks: { keys: [jwk] },
      cookies: { keys: ["test-cookie-key-not-secret"] },
      claims: {
        openid: ["sub"],
        profile: ["name", "preferred_username", "picture"],
        email: ["email", "email_verified"],
        groups: ["groups", "realm_access"],
      },
      conformIdTokenClaims: !claimsInIdToken,
      // Its outgoing requests (logout tokens) refuse loopback addresses, where Porch listens in the tests.
      fetch: (url, { dispatcher: _loopbackRefused, ...options }) => fetch(url, options),
      features: {
        devInteractions: { enabled: true },
        rpInitiatedLogout: { enabled: true },
        backchannelLogout: { enabled: Boolean(backchannelLogoutUri) },
      },
      async findAccount(_ctx, sub) {
        const { userinfo, ...claims } = ACCOUNTS[sub] ?? { preferred_username: sub };
        return { accountId: sub, claims: async (use) => ({ sub, ...(use === "userinfo" && userinfo ? userinfo : claims) }) };
      },
      // Consent is granted at once: the tests are about Porch, not the provider's consent screen.
      async loadExistingGrant(ctx) {
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
        grant.addOIDCScope("openid profile email groups");
        grant.addOIDCClaims(["groups", "realm_access", "email_verified", "preferred_username", "picture"]);
        await grant.save();
        return grant;
      },
      ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
    });
  } finally {
    console.warn = warn;
  }
  provider.proxy = false;
  // oidc-provider warns about its development defaults (in-memory adapter, dev login form): expected here.
  server.on("request", provider.callback());
  return {
    issuer,
    jwk,
    provider,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
