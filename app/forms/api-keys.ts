import * as v from "valibot";
import { checkbox, permissionList } from "./fields";

export const CreateApiKeySchema = v.object({
  intent: v.literal("create"),
  description: v.pipe(
    v.string("Say what the key is for"),
    v.trim(),
    v.nonEmpty("Say what the key is for"),
    v.maxLength(200, "At most 200 characters"),
  ),
  expiresOn: v.optional(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, "Choose a date like 2027-01-31"))),
  never: checkbox,
  permissions: permissionList,
  actAsOwner: checkbox,
});

export const RevokeApiKeySchema = v.object({
  intent: v.literal("revoke"),
  keyId: v.pipe(v.string("Unknown key"), v.regex(/^[a-z2-7]{16}$/, "Unknown key")),
});
