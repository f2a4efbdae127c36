import * as v from "valibot";
import { checkbox, optionalEmail, optionalHttpUrl, optionalText, passwordPair } from "./fields";

export const AccountProfileSchema = v.object({
  intent: v.literal("profile"),
  displayName: optionalText(100, "Display name"),
  email: optionalEmail,
  avatarUrl: optionalHttpUrl,
});

export const ChangePasswordSchema = passwordPair({
  intent: v.literal("password"),
  currentPassword: v.pipe(v.string("Enter your current password"), v.nonEmpty("Enter your current password")),
  endApiKeys: checkbox,
});
