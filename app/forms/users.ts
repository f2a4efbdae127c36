import * as v from "valibot";
import { usernameField } from "~/auth/forms";
import { idList, optionalEmail, optionalHttpUrl, optionalText, passwordPair, permissionList } from "./fields";

export const NewUserSchema = passwordPair({
  username: usernameField,
  email: optionalEmail,
  displayName: optionalText(100, "Display name"),
  groups: idList,
});

export const ProfileSchema = v.object({
  intent: v.literal("profile"),
  username: usernameField,
  displayName: optionalText(100, "Display name"),
  email: optionalEmail,
  avatarUrl: optionalHttpUrl,
});

export const StatusSchema = v.object({
  intent: v.literal("status"),
  status: v.picklist(["active", "inactive"], "Choose Active or Inactive"),
});

export const GroupsSchema = v.object({ intent: v.literal("groups"), groups: idList });

export const PermissionsSchema = v.object({ intent: v.literal("permissions"), permissions: permissionList });

export const ResetPasswordSchema = passwordPair({ intent: v.literal("password") });

export const DeleteSchema = v.object({ intent: v.literal("delete") });

export const UserIntents = v.variant("intent", [ProfileSchema, StatusSchema, GroupsSchema, PermissionsSchema, DeleteSchema]);

/** A service account (ADR 040): a name like a username (the same rules: it shares their namespace), what it is for, its groups. */
export const NewServiceAccountSchema = v.object({
  name: usernameField,
  // Kept where a person's display name is: the same limit, so the profile form can edit it.
  description: optionalText(100, "Description"),
  groups: idList,
});

/** Moving a person's working API keys to a service account. */
export const MoveKeysSchema = v.object({
  intent: v.literal("move-keys"),
  to: v.pipe(v.string("Choose a service account"), v.uuid("Choose a service account")),
  // The keys the page listed: only those move (attack39: one made meanwhile moved unseen).
  keys: v.pipe(v.array(v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, "Unknown key"))), v.minLength(1, "Nothing to move"), v.maxLength(1000)),
});
