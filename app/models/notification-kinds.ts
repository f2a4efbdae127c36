// The security mails a person gets (issue #23 part 3), and which of them they may turn off: only the
// informational ones. What changes their sign-in (password, two-factor, passkeys, email) or locks them
// out is always told.

export const NOTIFICATION_KINDS = {
  "new-device": { optional: true, label: "a new device or browser signs in to my account" },
  "api-key-created": { optional: true, label: "an API key is made for my account" },
  "password-changed": { optional: false, label: "my password changes" },
  "two-factor-changed": { optional: false, label: "two-factor sign-in is turned on or off" },
  "passkey-changed": { optional: false, label: "a passkey is added or removed" },
  "email-changed": { optional: false, label: "my email address changes (the old address is told too)" },
  "account-locked": { optional: false, label: "my account is locked after too many failed attempts" },
  "mails-turned-off": { optional: false, label: "security mails are turned off" },
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export const OPTIONAL_KINDS = (Object.keys(NOTIFICATION_KINDS) as NotificationKind[]).filter((k) => NOTIFICATION_KINDS[k].optional);
