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
