// The JSON API's bodies, in and out. Routes validate with the request schemas; /api/openapi.json is
// generated from all of them (app/api/openapi.ts), so the documentation can't drift from the code.
import * as v from "valibot";
import { PASSWORD_MAX_LENGTH } from "~/auth/password-rules";
import { newPasswordField, usernameField } from "~/auth/forms";
import { ApiItemSchema, ApiNewBoardSchema, ApiPatchBoardSchema } from "~/forms/boards";
import { groupName } from "~/forms/groups";
import { BOARD_LEVELS } from "~/permissions/boards";
import { INTEGRATION_LEVELS } from "~/permissions/integrations";
import { PERMISSION_KEYS } from "~/permissions/definitions";

const uuid = v.pipe(v.string(), v.uuid("Use a UUID"));
const nullableText = (max: number, label: string) =>
  v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(max, `${label} has at most ${max} characters`)));
const permission = v.picklist(PERMISSION_KEYS, "Unknown permission");
const timestamp = v.pipe(v.string(), v.isoTimestamp());

export const ErrorBody = v.object({
  error: v.string(),
  issues: v.optional(v.array(v.object({ path: v.string(), message: v.string() }))),
});

export const BoardSummary = v.object({ name: v.string(), title: v.string(), isPublic: v.boolean(), access: v.picklist(BOARD_LEVELS) });
/** POST's answer: the caller's level on the board it made, null for a key that doesn't act as its owner on a private one. */
export const BoardCreated = v.object({ ...BoardSummary.entries, access: v.nullable(v.picklist(BOARD_LEVELS)) });
/** Who sees an item (usernames, group ids), null for everyone who sees the board: given to its editors only. */
const visibleTo = v.optional(v.nullable(v.object({ users: v.array(v.string()), groups: v.array(uuid) })));
export const BoardItemOut = v.variant("kind", [
  v.object({
    id: uuid,
    kind: v.literal("app"),
    title: v.string(),
    url: v.string(),
    iconUrl: v.nullable(v.string()),
    newTab: v.boolean(),
    visibleTo,
  }),
  v.object({ id: uuid, kind: v.literal("note"), body: v.string(), visibleTo }),
  v.object({
    id: uuid,
    kind: v.literal("integration"),
    title: v.nullable(v.string()),
    integrationId: v.nullable(uuid),
    options: v.record(v.string(), v.string()),
    access: v.picklist(["use", "denied"]),
    visibleTo,
  }),
]);
export const BoardOut = v.object({
  name: v.string(),
  title: v.string(),
  isPublic: v.boolean(),
  access: v.picklist(BOARD_LEVELS),
  createdAt: timestamp,
  updatedAt: timestamp,
  items: v.array(BoardItemOut),
});
export const DisplayLinkOut = v.object({
  id: uuid,
  name: v.string(),
  createdBy: v.nullable(v.string()),
  widgetsAsMe: v.boolean(),
  refreshSeconds: v.number(),
  expiresAt: v.nullable(timestamp),
  createdAt: timestamp,
  lastUsedAt: v.nullable(timestamp),
  lastUsedIp: v.nullable(v.string()),
});
export const DisplayLinkCreated = v.object({ id: uuid, url: v.string() });
export { ApiNewDisplayLinkSchema as NewDisplayLinkIn } from "~/forms/display-links";
export const PatchedBoardOut = v.object({ name: v.string(), title: v.string(), isPublic: v.boolean(), items: v.array(BoardItemOut) });
export { ApiItemSchema as BoardItemIn, ApiNewBoardSchema as NewBoardIn, ApiPatchBoardSchema as PatchBoardIn };

const check = v.object({ ok: v.boolean(), status: v.nullable(v.number()), ms: v.number(), message: v.string() });
export const IntegrationSummary = v.object({
  id: uuid,
  name: v.string(),
  kind: v.string(),
  url: v.string(),
  access: v.picklist(INTEGRATION_LEVELS),
});
export const IntegrationOut = v.object({
  id: uuid,
  name: v.string(),
  kind: v.string(),
  kindLabel: v.string(),
  url: v.string(),
  access: v.picklist(INTEGRATION_LEVELS),
  /** Per secret field: whether it is set (values never leave the server). */
  secrets: v.record(v.string(), v.object({ set: v.boolean(), updatedAt: v.optional(timestamp) })),
  lastCheckedAt: v.nullable(timestamp),
  lastCheck: v.nullable(check),
});
/** PATCH's answer: also the secrets a change of URL dropped (they must be typed again). */
export const IntegrationPatchOut = v.object({ ...IntegrationOut.entries, secretsCleared: v.array(v.string()) });
export const CheckOut = check;
export { ApiNewIntegrationSchema as NewIntegrationIn, ApiPatchIntegrationSchema as PatchIntegrationIn } from "~/forms/integrations";

export const MeOut = v.object({
  user: v.object({
    id: uuid,
    username: v.string(),
    displayName: v.nullable(v.string()),
    email: v.nullable(v.string()),
    avatarUrl: v.nullable(v.string()),
  }),
  permissions: v.array(permission),
  via: v.picklist(["session", "api-key"]),
  apiKey: v.nullable(
    v.object({ id: v.string(), permissions: v.array(permission), actAsOwner: v.boolean(), expiresAt: v.nullable(timestamp) }),
  ),
});

export const UserSummary = v.object({
  id: uuid,
  username: v.string(),
  displayName: v.nullable(v.string()),
  email: v.nullable(v.string()),
  provider: v.picklist(["credentials", "ldap", "oidc", "proxy"]),
  status: v.picklist(["active", "inactive"]),
  createdAt: timestamp,
  lastSignInAt: v.nullable(timestamp),
});
export const UserOut = v.object({
  ...UserSummary.entries,
  /** A service account (ADR 040): no password, no email, never signs in; `GET /api/users` lists people only. */
  kind: v.picklist(["person", "service"]),
  avatarUrl: v.nullable(v.string()),
  groupIds: v.array(uuid),
  permissions: v.array(permission),
  effectivePermissions: v.array(permission),
});
export const UserListOut = v.object({ users: v.array(UserSummary), total: v.number(), page: v.number(), pageCount: v.number() });
export const NewUserIn = v.strictObject({
  username: usernameField,
  password: newPasswordField,
  email: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.email("Enter an email address"), v.maxLength(254)))),
  displayName: v.optional(nullableText(100, "displayName")),
  groupIds: v.optional(v.array(uuid), []),
});
export const PatchUserIn = v.strictObject({
  displayName: v.optional(nullableText(100, "displayName")),
  email: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.email("Enter an email address"), v.maxLength(254)))),
  avatarUrl: v.optional(
    v.nullable(v.pipe(v.string(), v.url("Use a full URL"), v.regex(/^https?:\/\//i, "Use an http(s) URL"), v.maxLength(2048))),
  ),
  status: v.optional(v.picklist(["active", "inactive"], "status is active or inactive")),
  groupIds: v.optional(v.array(uuid)),
  permissions: v.optional(v.array(permission)),
});

export const GroupSummary = v.object({
  id: uuid,
  name: v.string(),
  description: v.nullable(v.string()),
  memberCount: v.number(),
  reserved: v.boolean(),
});
export const GroupOut = v.object({
  id: uuid,
  name: v.string(),
  description: v.nullable(v.string()),
  reserved: v.boolean(),
  permissions: v.array(permission),
  members: v.array(v.object({ id: uuid, username: v.string(), displayName: v.nullable(v.string()) })),
});
export const NewGroupIn = v.strictObject({
  name: groupName,
  description: v.optional(nullableText(500, "description")),
  permissions: v.optional(v.array(permission), []),
});
export const PatchGroupIn = v.strictObject({
  name: v.optional(groupName),
  description: v.optional(nullableText(500, "description")),
  permissions: v.optional(v.array(permission)),
  /** Usernames to add and user ids to remove. */
  addMembers: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(500))),
  removeMembers: v.optional(v.pipe(v.array(uuid), v.maxLength(500))),
});

// Longer than any password may be, so the answer for a too-long one is the policy's own sentence.
export const PasswordCheckIn = v.object({
  password: v.pipe(v.string("password must be a string"), v.maxLength(PASSWORD_MAX_LENGTH * 4, "password is far too long")),
  username: v.optional(v.pipe(v.string("username must be a string"), v.maxLength(200, "username is too long"))),
});
export const PasskeyOptionsIn = v.object({
  password: v.optional(v.pipe(v.string("password must be a string"), v.maxLength(PASSWORD_MAX_LENGTH * 4, "password is far too long")), ""),
});
/** WebAuthn's PublicKeyCredentialCreationOptionsJSON, for the browser to hand to its authenticator. */
export const PasskeyOptionsOut = v.looseObject({
  challenge: v.string(),
  rp: v.object({ id: v.string(), name: v.string() }),
  user: v.object({ id: v.string(), name: v.string(), displayName: v.string() }),
});
export const PasswordCheckOut = v.object({
  ok: v.boolean(),
  problems: v.array(v.string()),
  strength: v.nullable(v.picklist(["very weak", "weak", "fair", "good", "strong"])),
  hint: v.string(),
});

export const ProtectedAppOut = v.object({
  id: v.string(),
  origin: v.string(),
  pathPrefix: v.string(),
  createdAt: v.string(),
  /** App items on boards that link into it. */
  linkingItems: v.number(),
});
export { ProtectedAppSchema as ProtectedAppIn, ProtectedAppPatchSchema as ProtectedAppPatchIn } from "~/forms/protected-apps";
