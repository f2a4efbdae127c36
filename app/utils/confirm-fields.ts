/** The fields a sensitive action's confirmation adds to its form when it is sent again (issue #21). */
export const CONFIRM_FIELD_NAMES = {
  password: "porch-confirm-password",
  code: "porch-confirm-code",
  passkey: "porch-confirm-passkey",
} as const;
