import * as v from "valibot";
import { nameAmbiguity } from "~/auth/usernames";
import { optionalText, permissionList } from "./fields";

export const groupName = v.pipe(
  v.string("Name the group"),
  v.trim(),
  v.nonEmpty("Name the group"),
  v.maxLength(64, "Group names have at most 64 characters"),
  // A group must not read as another (ＥＶＥＲＹＯＮＥ, Εveryone with a Greek E): ADR 014.
  v.check(
    (name) => nameAmbiguity(name) === null,
    (issue) => nameAmbiguity(String(issue.input)) ?? "Choose another name",
  ),
);

const DIRECTORY_NAME = "Type the group's name as the directory or provider gives it (LDAP: its cn).";

/** A directory's or provider's group name, as a mapping holds it: the page and the provisioning file alike. */
export const directoryGroupName = v.pipe(
  v.string(DIRECTORY_NAME),
  v.trim(),
  v.nonEmpty(DIRECTORY_NAME),
  v.maxLength(256, DIRECTORY_NAME),
  // Control characters (a terminal's escape codes) would rewrite what the dry run prints (attack45).
  v.check((name) => !/[\p{Cc}\p{Cf}]/u.test(name), "A group name can't contain control characters."),
);

export const NewGroupSchema = v.object({ name: groupName, description: optionalText(500, "Description") });

export const RenameGroupSchema = v.object({
  intent: v.literal("rename"),
  name: groupName,
  description: optionalText(500, "Description"),
});

export const GroupPermissionsSchema = v.object({ intent: v.literal("permissions"), permissions: permissionList });

export const AddMemberSchema = v.object({
  intent: v.literal("add-member"),
  username: v.pipe(v.string("Type a username"), v.trim(), v.nonEmpty("Type a username"), v.maxLength(64)),
});

export const RemoveMemberSchema = v.object({ intent: v.literal("remove-member"), userId: v.pipe(v.string(), v.uuid()) });

export const DeleteGroupSchema = v.object({ intent: v.literal("delete") });
