// Every JSON endpoint, once: method, path, route module, who may call it, and its schemas.
// /api/openapi.json and /api/docs are built from this list; a test checks it against the route table.
import type { GenericSchema } from "valibot";
import * as v from "valibot";
import * as S from "./schemas";

export interface Endpoint {
  method: "get" | "post" | "patch" | "delete";
  path: string; // OpenAPI style: /api/boards/{name}
  route: string; // Remix route id
  summary: string;
  /** Who may call it, in words (the route table has the rule). */
  access: string;
  query?: Record<string, string>;
  body?: GenericSchema;
  responses: Record<number, { description: string; schema?: GenericSchema }>;
  /** Needs no credential at all. */
  public?: true;
}

const denied = {
  401: { description: "No valid session or API key", schema: S.ErrorBody },
  403: { description: "Signed in, but not allowed", schema: S.ErrorBody },
};
const invalid = { 400: { description: "The body fails validation: `error` says what, `issues` lists each field", schema: S.ErrorBody } };
const missing = (what: string) => ({ 404: { description: `No such ${what}, or you may not see it`, schema: S.ErrorBody } });

export const ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/api/me",
    route: "routes/api.me",
    summary: "Who the request acts as",
    access: "signed in or API key",
    responses: { 200: { description: "The acting user, effective permissions, and the key used", schema: S.MeOut }, ...denied },
  },
  {
    method: "get",
    path: "/api/boards",
    route: "routes/api.boards._index",
    summary: "Boards you may see, by name",
    access: "signed in or API key; guests (public boards) while guest access is on",
    query: {
      limit: "1 to 500 (default 100; a number outside is brought within, anything else is the default)",
      after:
        'an opaque cursor: take it from the `Link: <…>; rel="next"` header of the previous page. A board name is accepted too ' +
        "(the boards after it, as before cursors were opaque)",
    },
    responses: {
      200: {
        description: 'A page of boards in name order; `Link: </api/boards?after=<cursor>&limit=…>; rel="next"` while there are more',
        schema: v.array(S.BoardSummary),
      },
      400: { description: "`after` is neither a cursor this list gave out nor a board name", schema: S.ErrorBody },
      401: denied[401],
    },
  },
  {
    method: "post",
    path: "/api/boards",
    route: "routes/api.boards._index",
    summary: "Create a board",
    access: "board-create",
    body: S.NewBoardIn,
    responses: {
      201: {
        description: "Created; `access` is your level on it: full as its creator (a key that doesn't act as its owner isn't)",
        schema: S.BoardCreated,
      },
      ...invalid,
      ...denied,
      409: { description: "Name taken", schema: S.ErrorBody },
    },
  },
  {
    method: "get",
    path: "/api/boards/{name}",
    route: "routes/api.boards.$name",
    summary: "A board with the items the caller sees (its editors: every item, with `visibleTo`)",
    access: "view on the board",
    responses: { 200: { description: "The board", schema: S.BoardOut }, ...denied, ...missing("board") },
  },
  {
    method: "patch",
    path: "/api/boards/{name}",
    route: "routes/api.boards.$name",
    summary: "Change a board",
    access:
      "modify for `items` (replaces the list, in order; an item's `visibleTo` absent or null: everyone who sees the board); full for name, title, isPublic",
    body: S.PatchBoardIn,
    responses: {
      200: { description: "The board after the change", schema: S.PatchedBoardOut },
      ...invalid,
      ...denied,
      ...missing("board"),
      409: { description: "Name taken", schema: S.ErrorBody },
    },
  },
  {
    method: "delete",
    path: "/api/boards/{name}",
    route: "routes/api.boards.$name",
    summary: "Delete a board",
    access: "full on the board",
    responses: { 204: { description: "Deleted" }, ...denied, ...missing("board") },
  },
  {
    method: "get",
    path: "/api/integrations",
    route: "routes/api.integrations._index",
    summary: "Integrations you may use, by name",
    access: "signed in or API key",
    query: { limit: "at most 500 (default 100)", after: "the last name of the previous page" },
    responses: { 200: { description: "A page of integrations", schema: v.array(S.IntegrationSummary) }, ...denied },
  },
  {
    method: "post",
    path: "/api/integrations",
    route: "routes/api.integrations._index",
    summary: "Connect a service",
    access: "integration-create",
    body: S.NewIntegrationIn,
    responses: {
      201: { description: "Created; secrets stored encrypted, shown only as set", schema: S.IntegrationOut },
      ...invalid,
      ...denied,
      409: { description: "Name taken, or no encryption key", schema: S.ErrorBody },
    },
  },
  {
    method: "get",
    path: "/api/integrations/{id}",
    route: "routes/api.integrations.$id",
    summary: "An integration (secrets only as set / not set)",
    access: "use",
    responses: { 200: { description: "The integration", schema: S.IntegrationOut }, ...denied, ...missing("integration") },
  },
  {
    method: "patch",
    path: "/api/integrations/{id}",
    route: "routes/api.integrations.$id",
    summary:
      "Rename, move, replace or clear (null) secrets; another URL (another path or query on the same host too) drops every secret not typed again in the same request",
    access: "full",
    body: S.PatchIntegrationIn,
    responses: {
      200: {
        description: "The integration after the change; `secretsCleared` names the secrets a change of URL dropped",
        schema: S.IntegrationPatchOut,
      },
      ...invalid,
      ...denied,
      ...missing("integration"),
      409: { description: "Name taken", schema: S.ErrorBody },
    },
  },
  {
    method: "delete",
    path: "/api/integrations/{id}",
    route: "routes/api.integrations.$id",
    summary: "Delete an integration and its widgets",
    access: "full",
    responses: { 204: { description: "Deleted" }, ...denied, ...missing("integration") },
  },
  {
    method: "post",
    path: "/api/integrations/{id}/check",
    route: "routes/api.integrations.$id.check",
    summary: "Re-check the service now",
    access: "interact",
    responses: { 200: { description: "What the check found", schema: S.CheckOut }, ...denied, ...missing("integration") },
  },
  {
    method: "get",
    path: "/api/users",
    route: "routes/api.users._index",
    summary: "Users, 50 per page",
    access: "admin",
    query: { q: "matches username, display name or email", page: "from 1" },
    responses: { 200: { description: "A page of users", schema: S.UserListOut }, ...denied },
  },
  {
    method: "post",
    path: "/api/users",
    route: "routes/api.users._index",
    summary: "Create a password account",
    access: "admin",
    body: S.NewUserIn,
    responses: {
      201: { description: "Created", schema: S.UserOut },
      ...invalid,
      ...denied,
      409: { description: "Username taken", schema: S.ErrorBody },
    },
  },
  {
    method: "get",
    path: "/api/users/{id}",
    route: "routes/api.users.$id",
    summary: "A user",
    access: "admin",
    responses: { 200: { description: "The user", schema: S.UserOut }, ...denied, ...missing("user") },
  },
  {
    method: "patch",
    path: "/api/users/{id}",
    route: "routes/api.users.$id",
    summary: "Change profile, status, groups, direct permissions",
    access: "admin",
    body: S.PatchUserIn,
    responses: {
      200: { description: "The user after the change (all fields land or none)", schema: S.UserOut },
      ...invalid,
      ...denied,
      ...missing("user"),
      409: { description: "Would leave no active administrator", schema: S.ErrorBody },
    },
  },
  {
    method: "delete",
    path: "/api/users/{id}",
    route: "routes/api.users.$id",
    summary: "Delete a user",
    access: "admin",
    responses: {
      204: { description: "Deleted" },
      ...denied,
      ...missing("user"),
      409: { description: "Your own account, or the last administrator", schema: S.ErrorBody },
    },
  },
  {
    method: "get",
    path: "/api/groups",
    route: "routes/api.groups._index",
    summary: "Groups, in their order",
    access: "admin",
    responses: { 200: { description: "Every group", schema: v.array(S.GroupSummary) }, ...denied },
  },
  {
    method: "post",
    path: "/api/groups",
    route: "routes/api.groups._index",
    summary: "Create a group",
    access: "admin",
    body: S.NewGroupIn,
    responses: {
      201: { description: "Created", schema: S.GroupOut },
      ...invalid,
      ...denied,
      409: { description: "Name taken", schema: S.ErrorBody },
    },
  },
  {
    method: "get",
    path: "/api/groups/{id}",
    route: "routes/api.groups.$id",
    summary: "A group with permissions and members",
    access: "admin",
    responses: { 200: { description: "The group", schema: S.GroupOut }, ...denied, ...missing("group") },
  },
  {
    method: "patch",
    path: "/api/groups/{id}",
    route: "routes/api.groups.$id",
    summary: "Rename, set permissions, add or remove members",
    access: "admin",
    body: S.PatchGroupIn,
    responses: {
      200: { description: "The group after the change (all of it or nothing)", schema: S.GroupOut },
      ...invalid,
      ...denied,
      ...missing("group"),
      409: { description: "Name taken, reserved group, or last administrator", schema: S.ErrorBody },
    },
  },
  {
    method: "delete",
    path: "/api/groups/{id}",
    route: "routes/api.groups.$id",
    summary: "Delete a group",
    access: "admin",
    responses: {
      204: { description: "Deleted" },
      ...denied,
      ...missing("group"),
      409: { description: "Reserved group, or last administrator", schema: S.ErrorBody },
    },
  },
  {
    method: "get",
    path: "/api/auth/session",
    route: "routes/api.auth.session",
    summary: "The browser session (Homarr-compatible)",
    access: "anyone",
    public: true,
    responses: { 200: { description: "`{ user, permissions, expires }`, or null" } },
  },
  {
    method: "get",
    path: "/api/auth/signin",
    route: "routes/api.auth.signin",
    summary: "To the login page",
    access: "anyone",
    public: true,
    responses: { 302: { description: "To /auth/login" } },
  },
  {
    method: "get",
    path: "/api/auth/signout",
    route: "routes/api.auth.signout",
    summary: "Sign-out page (use POST)",
    access: "anyone",
    public: true,
    responses: { 302: { description: "To the home page" } },
  },
  {
    method: "post",
    path: "/api/auth/signout",
    route: "routes/api.auth.signout",
    summary: "End the browser session",
    access: "anyone",
    public: true,
    responses: { 302: { description: "Signed out; the cookie is removed" } },
  },
  {
    method: "get",
    path: "/api/auth/callback/oidc",
    route: "routes/api.auth.callback.oidc",
    summary: "OpenID Connect redirect URI (browsers only)",
    access: "anyone",
    public: true,
    query: { code: "from the provider", state: "from the provider" },
    responses: { 302: { description: "Signed in, or back to the login page with ?error=" } },
  },
  {
    method: "post",
    path: "/api/password-check",
    route: "routes/api.password-check",
    summary: "What the password policy says of a password being chosen (the live hint); nothing is stored or logged",
    access:
      "signed in (a session, not an API key); before the first administrator exists; or holding a live invite or reset link, named in a `Porch-Link: invite <token>` or `Porch-Link: reset <token>` header. 60 checks a minute per person or network",
    body: S.PasswordCheckIn,
    responses: {
      200: {
        description: "`ok`, the policy's `problems` (what the form would say), the `strength` label and a short `hint`",
        schema: S.PasswordCheckOut,
      },
      ...invalid,
      401: { description: "Not choosing a password: no session, no live link", schema: S.ErrorBody },
      429: { description: "Too many checks: `Retry-After` says when to go on", schema: S.ErrorBody },
    },
  },
  {
    method: "post",
    path: "/api/passkeys/options",
    route: "routes/api.passkeys.options",
    summary:
      "Adding a passkey, step one: checks the password, then answers the WebAuthn options with a challenge for this session and browser",
    access:
      "signed in with a session (not an API key) to an account of Porch's own, with passkeys on. The password counts against the account's lockout like a sign-in; accounts without a password here send none",
    body: S.PasskeyOptionsIn,
    responses: {
      200: {
        description: "The options, and a `porch_webauthn` cookie holding the challenge for the next step",
        schema: S.PasskeyOptionsOut,
      },
      400: { description: "Wrong password (or a body that fails validation)", schema: S.ErrorBody },
      401: denied[401],
      404: { description: "Passkeys are off, or not for this account or this kind of credential", schema: S.ErrorBody },
    },
  },
  {
    method: "get",
    path: "/api/protected-apps",
    route: "routes/api.protected-apps._index",
    summary: "Apps Porch guards through the reverse proxy's forward auth",
    access: "app-protect",
    responses: { 200: { description: "Every protected app", schema: v.array(S.ProtectedAppOut) }, ...denied },
  },
  {
    method: "post",
    path: "/api/protected-apps",
    route: "routes/api.protected-apps._index",
    summary: "Protect an origin (and optionally only a path prefix of it)",
    access: "app-protect",
    body: S.ProtectedAppIn,
    responses: {
      201: { description: "Protected; origin and prefix as stored (normalized)", schema: S.ProtectedAppOut },
      ...invalid,
      ...denied,
      409: { description: "That origin and prefix are protected already", schema: S.ErrorBody },
    },
  },
  {
    method: "get",
    path: "/api/protected-apps/{id}",
    route: "routes/api.protected-apps.$id",
    summary: "A protected app",
    access: "app-protect",
    responses: { 200: { description: "The protected app", schema: S.ProtectedAppOut }, ...denied, ...missing("protected app") },
  },
  {
    method: "patch",
    path: "/api/protected-apps/{id}",
    route: "routes/api.protected-apps.$id",
    summary: "Change its origin or path prefix",
    access: "app-protect",
    body: S.ProtectedAppPatchIn,
    responses: {
      200: { description: "The protected app after the change", schema: S.ProtectedAppOut },
      ...invalid,
      ...denied,
      ...missing("protected app"),
      409: { description: "That origin and prefix are protected already", schema: S.ErrorBody },
    },
  },
  {
    method: "delete",
    path: "/api/protected-apps/{id}",
    route: "routes/api.protected-apps.$id",
    summary: "Stop protecting it (forward auth then treats the address as one nobody protected)",
    access: "app-protect",
    responses: { 204: { description: "Deleted" }, ...denied, ...missing("protected app") },
  },
  {
    method: "get",
    path: "/api/auth/forward-auth",
    route: "routes/api.auth.forward-auth",
    summary: "Forward auth for Traefik and Caddy (X-Forwarded-Proto, -Host, -Uri): may this request through?",
    access: "anyone (the answer is about the request's own session or API key)",
    public: true,
    responses: {
      200: { description: "Let through; Remote-User, Remote-Name, Remote-Email and Remote-Groups name the person" },
      302: { description: "Signed out: to Porch's login, which returns to the original URL" },
      400: { description: "The proxy didn't say which request it asks about" },
      403: { description: "Signed in without access: a page saying which app and whom to ask" },
    },
  },
  {
    method: "get",
    path: "/api/auth/auth-request",
    route: "routes/api.auth.auth-request",
    summary: "Forward auth for nginx auth_request (X-Original-URL): may this request through?",
    access: "anyone (the answer is about the request's own session or API key)",
    public: true,
    responses: {
      200: { description: "Let through, with the identity headers (read them with auth_request_set)" },
      400: { description: "No X-Original-URL" },
      401: { description: "Signed out (nginx's error_page sends the person to Porch's login)" },
      403: { description: "Signed in without access" },
    },
  },
  {
    method: "get",
    path: "/api/health",
    route: "routes/api.health",
    summary: "Health, with a database round trip",
    access: "anyone",
    public: true,
    responses: { 200: { description: '`{ status: "ok", databaseMs }`' }, 503: { description: "The database is away" } },
  },
  {
    method: "get",
    path: "/api/openapi.json",
    route: "routes/api.openapi[.json]",
    summary: "This document",
    access: "anyone",
    public: true,
    responses: { 200: { description: "OpenAPI 3.1" } },
  },
  {
    method: "get",
    path: "/api/docs",
    route: "routes/api.docs",
    summary: "This document as a page",
    access: "anyone",
    public: true,
    responses: { 200: { description: "HTML" } },
  },
];
