import type { BoardLevel } from "~/permissions/boards";
import type { PermissionKey } from "~/permissions/definitions";
import type { IntegrationLevel } from "~/permissions/integrations";

/**
 * Who may use each route, by Remix route id. Every route module must be listed:
 * tests/unit/route-table.test.ts fails for one that isn't, and the e2e suite checks
 * that an anonymous visitor gets the answer written here.
 */
export type Access =
  | "public" // anyone, signed in or not
  | "anonymous" // signed-out people; signed-in visitors are sent on
  | "onboarding" // only until the first administrator exists, then 404
  | "user" // signed-in users
  | "guest" // signed-in users, and signed-out visitors while guest access is on (else to login)
  // People choosing a password: signed-in users, anyone until the first administrator exists, and holders
  // of a live invite or reset link, named in the request's `Porch-Link` header (`invite <token>`,
  // `reset <token>`); everyone else is asked to sign in (401).
  | "choosing-password"
  | { permission: PermissionKey }
  // One board's rules: a guest without access goes to login (401 for the API), a signed-in person who
  // may not view it gets 404, one who may view it but needs more gets 403. Guests never write: any
  // method but GET asks them to sign in.
  | { board: BoardLevel }
  // Likewise for integrations (no guests, no public flag): 404 without use, 403 for too little.
  | { integration: IntegrationLevel };

export type Method = "GET" | "POST" | "PATCH" | "DELETE";

/**
 * A sensitive action (issue #21, ADR 037): refused to a session whose person hasn't proved who they are
 * within AUTH_ELEVATION_TTL (signing in counts), until they confirm. `intent`: only the form posting
 * that `intent` (the route's other forms aren't sensitive). `what` finishes "Confirm it's you to …".
 * API keys are their own proof and are never asked.
 */
export interface Sensitive {
  method: Method;
  intent?: string;
  what: string;
  /**
   * This action's form asks for the account's password itself (attack12): for an account with a
   * password here, a right one is the proof (and counts as one, renewing the session); an account with
   * no password here is asked to confirm first, like for any sensitive action (attack30).
   */
  passwordInForm?: true;
}

export interface RouteEntry {
  /** An example URL of the route, for tests. */
  path: string;
  /** The methods it takes; authorize() answers 405 to any other. */
  methods: ReadonlyArray<Method>;
  /** Who may use it: for every method, unless `methodAccess` says otherwise for one. */
  access: Access;
  methodAccess?: Partial<Record<Method, Access>>;
  /** JSON endpoints: refusals are JSON (401/403/404), never redirects. */
  api?: true;
  /** The route's sensitive actions: app/auth/elevation.server.ts asks for a recent proof first. */
  sensitive?: ReadonlyArray<Sensitive>;
  /**
   * The Cache-Control this route sends itself, on purpose. Every other answer is `no-store` (the
   * pipeline's default), so nothing personal lands in a browser's or a proxy's cache.
   */
  cache?: string;
  purpose: string;
}

const TABLE = {
  root: { path: "/", methods: ["GET"], access: "public", purpose: "Layout, header with the signed-in user" },
  "routes/_index": {
    path: "/",
    methods: ["GET"],
    access: "guest",
    purpose: "Home board (guests: the default board when public and allowed; else to login)",
  },
  "routes/boards._index": { path: "/boards", methods: ["GET"], access: "guest", purpose: "The boards the viewer may see" },
  "routes/boards.new": { path: "/boards/new", methods: ["GET", "POST"], access: { permission: "board-create" }, purpose: "Create a board" },
  "routes/boards.$name._index": {
    path: "/boards/no-such-board",
    methods: ["GET", "POST"],
    access: { board: "view" },
    purpose: "A board (view); add, edit, reorder, remove items (modify)",
  },
  "routes/boards.$name.settings._index": {
    path: "/boards/no-such-board/settings",
    methods: ["GET", "POST"],
    access: { board: "full" },
    purpose: "Board settings: name, title, public, delete",
  },
  "routes/display.$token": {
    path: "/display/not-a-token",
    methods: ["GET"],
    access: "public",
    purpose: "A display link: one board read-only without signing in (its token is the key)",
  },
  "routes/boards.$name.settings.display": {
    path: "/boards/no-such-board/settings/display",
    methods: ["GET", "POST"],
    access: { board: "full" },
    sensitive: [{ method: "POST", intent: "create", what: "create a display link" }],
    purpose: "A board's display links: create (shown once), list, revoke",
  },
  "routes/api.boards.$name.display-links._index": {
    path: "/api/boards/no-such-board/display-links",
    methods: ["GET", "POST"],
    access: { board: "full" },
    api: true,
    sensitive: [{ method: "POST", what: "create a display link" }],
    purpose: "A board's display links as JSON: list, create",
  },
  "routes/api.boards.$name.display-links.$id": {
    path: "/api/boards/no-such-board/display-links/00000000-0000-0000-0000-000000000000",
    methods: ["DELETE"],
    access: { board: "full" },
    api: true,
    purpose: "Revoke a display link",
  },
  "routes/boards.$name.view-as": {
    path: "/boards/no-such-board/view-as",
    methods: ["GET"],
    access: { board: "full" },
    purpose: "View as: the board as a chosen person or group sees it, read-only, audited",
  },
  "routes/boards.$name.settings.access": {
    path: "/boards/no-such-board/settings/access",
    methods: ["GET", "POST"],
    access: { board: "full" },
    purpose: "Board access rows and Check a user",
  },
  "routes/api.boards._index": {
    path: "/api/boards",
    methods: ["GET", "POST"],
    access: "guest",
    methodAccess: { POST: { permission: "board-create" } },
    api: true,
    purpose: "Boards as JSON; POST creates one (board-create)",
  },
  "routes/api.boards.$name": {
    path: "/api/boards/no-such-board",
    methods: ["GET", "PATCH", "DELETE"],
    access: { board: "view" },
    methodAccess: { PATCH: { board: "modify" }, DELETE: { board: "full" } },
    api: true,
    purpose: "One board as JSON (view); PATCH items (modify) or settings (full); DELETE (full)",
  },
  "routes/api.me": {
    path: "/api/me",
    methods: ["GET"],
    access: "user",
    api: true,
    purpose: "Who the request acts as (session or API key)",
  },
  "routes/api.password-check": {
    path: "/api/password-check",
    methods: ["POST"],
    access: "choosing-password",
    api: true,
    purpose: "The password policy's answer for a password being typed, for the live hint (never stored or logged)",
  },
  "routes/api.users._index": {
    path: "/api/users",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    api: true,
    sensitive: [{ method: "POST", what: "create a user" }],
    purpose: "Users as JSON; POST creates one",
  },
  "routes/api.users.$id": {
    path: "/api/users/00000000-0000-0000-0000-000000000000",
    methods: ["GET", "PATCH", "DELETE"],
    access: { permission: "admin" },
    api: true,
    sensitive: [
      { method: "PATCH", what: "change a user" },
      { method: "DELETE", what: "delete a user" },
    ],
    purpose: "One user as JSON; PATCH, DELETE",
  },
  "routes/api.groups._index": {
    path: "/api/groups",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    api: true,
    sensitive: [{ method: "POST", what: "create a group" }],
    purpose: "Groups as JSON; POST creates one",
  },
  "routes/api.groups.$id": {
    path: "/api/groups/00000000-0000-0000-0000-000000000000",
    methods: ["GET", "PATCH", "DELETE"],
    access: { permission: "admin" },
    api: true,
    sensitive: [
      { method: "PATCH", what: "change a group" },
      { method: "DELETE", what: "delete a group" },
    ],
    purpose: "One group as JSON; PATCH, DELETE",
  },
  "routes/api.openapi[.json]": {
    path: "/api/openapi.json",
    methods: ["GET"],
    access: "public",
    api: true,
    cache: "no-cache",
    purpose: "OpenAPI 3.1 document, generated",
  },
  "routes/api.docs": { path: "/api/docs", methods: ["GET"], access: "public", purpose: "The API described as a page" },
  "routes/manage.integrations._index": {
    path: "/manage/integrations",
    methods: ["GET"],
    access: "user",
    purpose: "Integrations the viewer may use, with their level",
  },
  "routes/manage.integrations.new": {
    path: "/manage/integrations/new",
    methods: ["GET", "POST"],
    access: { permission: "integration-create" },
    purpose: "Connect a service: choose a kind, then name, URL, secrets",
  },
  "routes/manage.integrations.$id._index": {
    path: "/manage/integrations/00000000-0000-0000-0000-000000000000",
    methods: ["GET", "POST"],
    access: { integration: "full" },
    purpose: "Edit an integration: name, URL, secrets (write-only), test connection, delete",
  },
  "routes/manage.integrations.$id.access": {
    path: "/manage/integrations/00000000-0000-0000-0000-000000000000/access",
    methods: ["GET", "POST"],
    access: { integration: "full" },
    purpose: "Integration access rows and Check a user",
  },
  "routes/api.integrations._index": {
    path: "/api/integrations",
    methods: ["GET", "POST"],
    access: "user",
    methodAccess: { POST: { permission: "integration-create" } },
    api: true,
    purpose: "Integrations as JSON (use); POST creates one (integration-create)",
  },
  "routes/api.integrations.$id": {
    path: "/api/integrations/00000000-0000-0000-0000-000000000000",
    methods: ["GET", "PATCH", "DELETE"],
    access: { integration: "use" },
    methodAccess: { PATCH: { integration: "full" }, DELETE: { integration: "full" } },
    api: true,
    purpose: "One integration as JSON (use; secrets only as set/not set); PATCH, DELETE (full)",
  },
  "routes/api.integrations.$id.check": {
    path: "/api/integrations/00000000-0000-0000-0000-000000000000/check",
    methods: ["POST"],
    access: { integration: "interact" },
    api: true,
    purpose: "Re-check the service now (interact)",
  },
  "routes/auth.oidc": {
    path: "/auth/oidc",
    methods: ["GET"],
    access: "public",
    purpose: "Start an OpenID Connect sign-in (404 when OIDC is off; a signed-in visitor is sent on)",
  },
  "routes/api.auth.callback.oidc": {
    path: "/api/auth/callback/oidc",
    methods: ["GET"],
    access: "public",
    purpose: "OpenID Connect redirect URI: finish the sign-in",
  },
  "routes/api.auth.backchannel-logout.oidc": {
    path: "/api/auth/backchannel-logout/oidc",
    methods: ["POST"],
    // The provider calls it; the logout token it sends is the only credential (signed, checked, used once).
    access: "public",
    purpose: "OpenID Connect back-channel logout: the provider ends the sessions it started",
  },
  "routes/manage.tools.oidc": {
    path: "/manage/tools/oidc",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    purpose: "OpenID Connect: redirect URI, discovered endpoints, Test discovery",
  },
  "routes/manage.settings": {
    path: "/manage/settings",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    sensitive: [{ method: "POST", what: "change who may come in without an account or to apps nobody protected" }],
    purpose: "Server settings: guest access, default home board",
  },
  "routes/init": { path: "/init", methods: ["GET", "POST"], access: "onboarding", purpose: "Create the first administrator" },
  "routes/auth.login": {
    path: "/auth/login",
    methods: ["GET", "POST"],
    access: "anonymous",
    // Signing in again from a second tab (or as someone else) replaces the session: the form is for anyone.
    methodAccess: { POST: "public" },
    purpose: "Password sign-in",
  },
  "routes/auth.passkey": {
    path: "/auth/passkey",
    methods: ["POST"],
    access: "public",
    purpose: "Passwordless sign-in with a passkey: its options, then the authenticator's answer",
  },
  "routes/auth.device": {
    path: "/auth/device",
    methods: ["GET", "POST"],
    access: "anonymous",
    purpose: "Sign in on a TV with a code: show the code, wait for the approval (ADR 039)",
  },
  "routes/auth.device.state": {
    path: "/auth/device/state",
    methods: ["GET"],
    // Anyone: the answer is about the asker's own cookie, and says only "waiting", "approved", "denied" or "gone".
    access: "public",
    purpose: "Where this browser's sign-in with a code stands, for the waiting page's script",
  },
  "routes/activate": {
    path: "/activate",
    methods: ["GET", "POST"],
    access: "user",
    // Approving gives another device a session of its own, like making an API key: a recent proof first.
    sensitive: [{ method: "POST", intent: "approve", what: "sign in a device as you" }],
    purpose: "Enter a TV's code, see which device asks, approve or deny it",
  },
  "routes/api.auth.signin": { path: "/api/auth/signin", methods: ["GET"], access: "public", purpose: "Seed endpoint: to the login page" },
  "routes/auth.confirm": {
    path: "/auth/confirm",
    methods: ["GET", "POST"],
    access: "user",
    sensitive: [{ method: "POST", intent: "elevate", what: "continue" }],
    purpose:
      "Confirm it's you: with a passkey where a group requires a passkey sign-in (the only page that opens until then); before a sensitive action a script was refused",
  },
  "routes/api.auth.signout": { path: "/api/auth/signout", methods: ["GET", "POST"], access: "public", purpose: "Sign out (POST)" },
  "routes/api.auth.session": { path: "/api/auth/session", methods: ["GET"], access: "public", purpose: "The session as JSON, or null" },
  "routes/api.auth.forward-auth": {
    path: "/api/auth/forward-auth",
    methods: ["GET"],
    // Anyone may ask; the answer is about the asker's own credentials and the app the proxy names.
    access: "public",
    purpose: "Forward auth for Traefik and Caddy: may this request through to the protected app? (200 / 302 / 403)",
  },
  "routes/api.auth.auth-request": {
    path: "/api/auth/auth-request",
    methods: ["GET"],
    access: "public",
    purpose: "Forward auth for nginx auth_request: may this request through to the protected app? (200 / 401 / 403)",
  },
  "routes/api.protected-apps._index": {
    path: "/api/protected-apps",
    methods: ["GET", "POST"],
    access: { permission: "app-protect" },
    api: true,
    purpose: "Protected apps as JSON; POST protects an origin (and path prefix)",
  },
  "routes/api.protected-apps.$id": {
    path: "/api/protected-apps/00000000-0000-0000-0000-000000000000",
    methods: ["GET", "PATCH", "DELETE"],
    access: { permission: "app-protect" },
    api: true,
    sensitive: [
      { method: "PATCH", what: "change a protected app's address" },
      { method: "DELETE", what: "stop protecting an app" },
    ],
    purpose: "One protected app as JSON; PATCH its address, DELETE it",
  },
  "routes/auth.continue": {
    path: "/auth/continue",
    methods: ["GET"],
    // Checked itself: only an address inside a protected app, or Porch's own path.
    access: "public",
    purpose: "After sign-in, on to the protected app forward auth came from",
  },
  "routes/manage.apps._index": {
    path: "/manage/apps",
    methods: ["GET", "POST"],
    access: { permission: "app-protect" },
    purpose: "Protected apps: list, protect one (forward auth)",
  },
  "routes/manage.apps.$id": {
    path: "/manage/apps/00000000-0000-0000-0000-000000000000",
    methods: ["GET", "POST"],
    access: { permission: "app-protect" },
    sensitive: [
      { method: "POST", intent: "delete", what: "stop protecting the app" },
      { method: "POST", intent: "save", what: "change the app's address" },
    ],
    purpose: "A protected app: its address, access rows, Check a user, unprotect",
  },
  "routes/api.health": { path: "/api/health", methods: ["GET"], access: "public", purpose: "Health check with database round trip" },
  "routes/manage": { path: "/manage/integrations", methods: ["GET"], access: "user", purpose: "Manage area layout and navigation" },
  "routes/manage._index": { path: "/manage", methods: ["GET"], access: "user", purpose: "To the first Manage section the user may open" },
  "routes/manage.users._index": {
    path: "/manage/users",
    methods: ["GET"],
    access: { permission: "admin" },
    purpose: "Users: list, search",
  },
  "routes/manage.users.new": {
    path: "/manage/users/new",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    sensitive: [{ method: "POST", what: "add a user" }],
    purpose: "Add user",
  },
  "routes/manage.users.$id": {
    path: "/manage/users/00000000-0000-0000-0000-000000000000",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    sensitive: [
      { method: "POST", intent: "profile", what: "change their name or email address" },
      { method: "POST", intent: "status", what: "change whether their account is active" },
      { method: "POST", intent: "groups", what: "change their groups" },
      { method: "POST", intent: "permissions", what: "change their permissions" },
      { method: "POST", intent: "password", what: "set their password" },
      { method: "POST", intent: "reset-link", what: "make a reset link" },
      { method: "POST", intent: "reset-2fa", what: "turn their two-factor sign-in off" },
      { method: "POST", intent: "remove-passkeys", what: "remove their passkeys" },
      { method: "POST", intent: "unlock", what: "lift their sign-in lockout" },
      { method: "POST", intent: "delete", what: "delete the account" },
      { method: "POST", intent: "move-keys", what: "move their API keys to a service account" },
    ],
    purpose: "Edit a user: profile, status, groups, permissions, password, delete",
  },
  "routes/manage.users.inactive": {
    path: "/manage/users/inactive",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    // Deactivating ends access only: never asked (as on a person's page).
    purpose: "People inactive for N days; deactivate them in bulk",
  },
  "routes/manage.users.service-accounts": {
    path: "/manage/users/service-accounts",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    sensitive: [{ method: "POST", what: "add a service account" }],
    purpose: "Service accounts: list, add (ADR 040)",
  },
  "routes/manage.users.$id_.keys": {
    path: "/manage/users/00000000-0000-0000-0000-000000000000/keys",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    // Revoking ends access, like "End all sessions and API keys": not asked, as everywhere (attack39).
    sensitive: [{ method: "POST", intent: "create", what: "make an API key for a service account" }],
    purpose: "A service account's API keys: create (shown once), revoke (ADR 040); 404 for a person",
  },
  "routes/manage.users.groups._index": {
    path: "/manage/users/groups",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    purpose: "Groups: list, add",
  },
  "routes/manage.users.groups.$id": {
    path: "/manage/users/groups/00000000-0000-0000-0000-000000000000",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    sensitive: [
      { method: "POST", intent: "permissions", what: "change the group's permissions" },
      { method: "POST", intent: "add-member", what: "add a member" },
      { method: "POST", intent: "remove-member", what: "remove a member" },
      { method: "POST", intent: "map-directory-group", what: "let a directory group's members in" },
      { method: "POST", intent: "unmap-directory-group", what: "change the directory groups" },
      { method: "POST", intent: "require-2fa", what: "change whether members need two-factor sign-in" },
      { method: "POST", intent: "require-passkey", what: "change whether members need a passkey" },
      { method: "POST", intent: "delete", what: "delete the group" },
    ],
    purpose: "Edit a group: name, members, permissions, delete",
  },
  "routes/manage.users.invites": {
    path: "/manage/users/invites",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    sensitive: [{ method: "POST", intent: "create", what: "make an invite link" }],
    purpose: "Invite links",
  },
  "routes/auth.invite.$token": {
    path: "/auth/invite/not-a-token",
    methods: ["GET", "POST"],
    access: "public",
    purpose: "Accept an invite",
  },
  "routes/auth.forgot": {
    path: "/auth/forgot",
    methods: ["GET", "POST"],
    access: "anonymous",
    purpose: "Self-service reset mail (only with SMTP_URL; else 404)",
  },
  "routes/auth.reset.$token": {
    path: "/auth/reset/not-a-token",
    methods: ["GET", "POST"],
    access: "public",
    purpose: "Set a new password with a one-time link",
  },
  "routes/auth.verify-email.$token": {
    path: "/auth/verify-email/not-a-token",
    methods: ["GET", "POST"],
    access: "public",
    purpose: "Confirm an email address with a one-time mailed link",
  },
  "routes/auth.2fa": {
    path: "/auth/2fa",
    methods: ["GET", "POST"],
    access: "public",
    purpose: "Second sign-in step (needs the pending cookie, else to login)",
  },
  "routes/settings.security": {
    path: "/settings/security",
    methods: ["GET", "POST"],
    access: "user",
    // Everything that changes how the account signs in (attack30: setting up two-factor in a stolen
    // session gave the thief their own proof). Its second step (`confirm`) has no password field: the
    // first one's password counted as a proof, so within AUTH_ELEVATION_TTL it goes through.
    sensitive: [
      { method: "POST", intent: "begin", what: "set up two-factor sign-in", passwordInForm: true },
      { method: "POST", intent: "confirm", what: "turn two-factor sign-in on" },
      { method: "POST", intent: "disable", what: "turn two-factor sign-in off", passwordInForm: true },
      { method: "POST", intent: "regenerate", what: "make new recovery codes", passwordInForm: true },
      { method: "POST", intent: "passkey-add", what: "add a passkey" },
      { method: "POST", intent: "passkey-remove", what: "remove a passkey", passwordInForm: true },
    ],
    purpose: "Two-factor sign-in: set up, recovery codes, turn off",
  },
  "routes/api.passkeys.options": {
    path: "/api/passkeys/options",
    methods: ["POST"],
    access: "user",
    api: true,
    sensitive: [{ method: "POST", what: "add a passkey", passwordInForm: true }],
    purpose: "Adding a passkey, step one: the password, then the options and a challenge for this session",
  },
  "routes/settings": { path: "/settings", methods: ["GET"], access: "user", purpose: "My account layout and navigation" },
  "routes/settings.api-keys": {
    path: "/settings/api-keys",
    methods: ["GET", "POST"],
    access: "user",
    sensitive: [{ method: "POST", intent: "create", what: "create an API key" }],
    purpose: "My API keys: create (shown once), revoke",
  },
  "routes/manage.tools.api": {
    path: "/manage/tools/api",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    sensitive: [{ method: "POST", intent: "create", what: "create an API key" }],
    purpose: "All API keys: create, revoke",
  },
  "routes/settings._index": {
    path: "/settings?index",
    methods: ["GET", "POST"],
    access: "user",
    sensitive: [
      { method: "POST", intent: "profile", what: "change your profile and email address" },
      // A thief on a stale session would turn off the mail that tells of the key they make next (attack43).
      { method: "POST", intent: "security-mails", what: "change which security mails you get" },
    ],
    purpose: "My account: profile, password, security mails",
  },
  "routes/settings.sessions": {
    path: "/settings/sessions",
    methods: ["GET", "POST"],
    access: "user",
    purpose: "My sessions: sign out one or all others",
  },
  "routes/manage.tools.logs": {
    path: "/manage/tools/logs",
    methods: ["GET"],
    access: { permission: "other-view-logs" },
    purpose: "Audit log: filters, chart",
  },
  "routes/manage.tools.logs[.csv]": {
    path: "/manage/tools/logs.csv",
    methods: ["GET"],
    access: { permission: "other-view-logs" },
    purpose: "Audit log as CSV",
  },
  "routes/manage.webhooks._index": {
    path: "/manage/webhooks",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    // A new receiver of audit events: asked, like a new API key.
    sensitive: [{ method: "POST", what: "add a webhook" }],
    purpose: "Webhooks: list, add (ADR 043)",
  },
  "routes/manage.webhooks.$id": {
    path: "/manage/webhooks/00000000-0000-0000-0000-000000000000",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    // Where the events go, and the secret that shows they came from Porch: asked. Test, retry, delete: not.
    sensitive: [
      { method: "POST", intent: "save", what: "change a webhook" },
      { method: "POST", intent: "replace-secret", what: "replace a webhook's signing secret" },
    ],
    purpose: "A webhook: settings, test message, new secret, delete; its delivery log (ADR 043)",
  },
  "routes/manage.tools.ldap": {
    path: "/manage/tools/ldap",
    methods: ["GET", "POST"],
    access: { permission: "admin" },
    purpose: "LDAP: test connection, find user, sync now",
  },
  "routes/$": { path: "/no-such-page", methods: ["GET"], access: "public", purpose: "404 for unknown paths" },
} as const satisfies Readonly<Record<string, RouteEntry>>;

/** The table's exact shape: authorize() types each route's grant from its own entry. */
export type RouteTable = typeof TABLE;
export type RouteId = keyof RouteTable;
export const ROUTE_TABLE: Readonly<Record<string, RouteEntry>> = TABLE;
