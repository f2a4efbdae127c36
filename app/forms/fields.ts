import * as v from "valibot";
import { webUrl } from "./web-url";
import { newPasswordField } from "~/auth/forms";
import { PERMISSION_KEYS } from "~/permissions/definitions";

// Field schemas reused by the management and account forms (server check and browser hints alike).

export const optionalText = (max: number, label: string) =>
  v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, `${label} has at most ${max} characters`)));

export const optionalEmail = v.optional(
  v.pipe(v.string(), v.trim(), v.email("Enter an email address like name@example.com"), v.maxLength(254)),
);

export const optionalHttpUrl = v.optional(v.pipe(v.string(), v.trim(), webUrl("https://example.com/me.png"), v.maxLength(2048)));

/** A checkbox: "on" when ticked, absent otherwise. */
export const checkbox = v.optional(
  v.pipe(
    v.string(),
    v.transform((value) => value === "on"),
  ),
  "off",
);

export const idList = v.optional(v.array(v.pipe(v.string(), v.uuid("Unknown choice"))), []);

export const permissionList = v.optional(v.array(v.picklist(PERMISSION_KEYS, "Unknown permission")), []);

/** password + confirmPassword, with the mismatch reported beside the second field. */
export function passwordPair<T extends v.ObjectEntries>(entries: T) {
  return v.pipe(
    v.object({ ...entries, password: newPasswordField, confirmPassword: v.string("Type the password again") }),
    // The paths are fixed; the casts only spare TypeScript from proving them for every `entries`.
    v.forward(
      v.partialCheck(
        [["password"], ["confirmPassword"]] as never,
        ((input: { password: string; confirmPassword: string }) => input.password === input.confirmPassword) as never,
        "The passwords don't match",
      ),
      ["confirmPassword"] as never,
    ),
  );
}
