/**
 * Every sentence a page shows after a change succeeded, by code: one catalogue for the whole app. A form's
 * answer names a code (app/utils/flash.server.ts); the words are only ever these.
 */
export const FLASH_MESSAGES = {
  // Manage → Users
  "user-created": "User created.",
  "service-account-created": "Service account created. Give it groups or permissions, then make its API keys below.",
  "keys-moved": "Their working API keys now belong to the service account, with its permissions.",
  "no-keys-moved": "No working API keys were left to move.",
  "profile-saved": "Profile saved.",
  "status-saved": "Status saved.",
  "groups-saved": "Groups saved.",
  "permissions-saved": "Permissions saved.",
  "password-set-for-them": "Password set. Their sessions and API keys have ended.",
  "their-access-ended": "All their sessions, API keys and passkeys have ended.",
  "account-unlocked": "Account unlocked.",
  "two-factor-reset": "Two-factor sign-in reset: they can sign in with their password and set it up again.",
  // Manage → Groups
  "group-created": "Group created.",
  "group-saved": "Group saved.",
  "member-added": "Member added.",
  "member-removed": "Member removed.",
  "two-factor-requirement-saved": "Two-factor requirement saved.",
  "passkey-requirement-saved": "Passkey requirement saved.",
  "passkey-requirement-saved-shut-out":
    "Passkey requirement saved. Some members sign in through a directory, an identity provider or a proxy: they can't sign in until it is off or they leave the group.",
  "home-board-saved": "Home board saved.",
  "directory-groups-saved": "Directory groups saved.",
  // My account, sessions, security, API keys
  "security-mails-saved": "Security mails saved.",
  "theme-saved": "Appearance saved.",
  "password-changed": "Password changed. Your other sessions have ended.",
  "password-changed-keys-kept": "Password changed. Your other sessions have ended; your API keys still work.",
  "password-changed-keys-ended": "Password changed. Your other sessions and your API keys have ended.",
  "confirmation-sent": "We sent a confirmation link to your email address. It works for 24 hours.",
  "email-confirmed-already": "Your email is confirmed already.",
  "session-ended": "That session has ended.",
  "device-approved":
    "Approved: the device signs in within a few seconds. It is listed under Settings → Sessions, where you can sign it out.",
  "approval-cancelled": "Cancelled: that device won't be signed in.",
  "approval-gone": "That approval had already been used or had expired.",
  "device-denied": "Refused: that device isn't signed in, and its code no longer works.",
  "session-gone": "None of your sessions has that reference: it had ended already.",
  "other-sessions-ended": "You are signed out everywhere else.",
  "two-factor-off": "Two-factor sign-in is off.",
  "passkeys-removed": "Their passkeys are removed: they sign in with their password, and may add new passkeys.",
  "passkey-added": "Passkey added. You can sign in with it from the sign-in page.",
  "passkey-renamed": "Passkey renamed.",
  "passkey-removed": "Passkey removed. It no longer signs you in here (your device may still list it: remove it there too).",
  "key-revoked": "Key revoked: it stops working at once.",
  // Boards
  "board-created": "Board created. Add apps and notes below; share it from Settings → Access.",
  "board-saved": "Board saved.",
  "board-deleted": "Board deleted.",
  "app-added": "App added.",
  "note-added": "Note added.",
  "app-saved": "App saved.",
  "note-saved": "Note saved.",
  "visibility-saved": "Who sees the item is saved.",
  "display-link-revoked": "Display link revoked: it works no more.",
  "widget-added": "Widget added.",
  "widget-saved": "Widget saved.",
  "item-removed": "Item removed.",
  "access-saved": "Access saved.",
  // Integrations
  "integration-created": "Integration created. Test the connection, then place it on a board.",
  "integration-saved": "Integration saved.",
  "integration-moved": "Integration saved. Its URL changed, so its stored secrets were cleared: type them again to use them there.",
  "integration-deleted": (widgets: number) => (widgets ? `Integration deleted, with its ${widgets} widget(s).` : "Integration deleted."),
  // Protected apps
  "app-protected": "App protected. Forward auth now lets through only the people below; add rows, or put it on a board.",
  "app-protection-saved": "Saved.",
  // Manage → Webhooks
  "webhook-saved": "Webhook saved.",
  "webhook-deleted": "Webhook deleted, with its waiting messages and delivery log.",
  "webhook-retry-queued": "Queued again: it is sent in a moment, with a fresh round of retries.",
  "webhook-retry-off": "The webhook is off: turn it on under Settings first, then send the message again.",
  "webhook-retry-gone": "That message isn't waiting to be sent again (it was already, or it is gone).",
  "app-unprotected": "No longer protected: forward auth refuses that address as one nobody protected.",
  // Server settings
  "settings-saved": "Settings saved.",
  // Signing in
  "reset-mail-sent": "If an account matches, we sent a link to its email address. It works for one hour.",
  "password-reset": "Password set. Sign in with your new password.",
} satisfies Record<string, string | ((count: number) => string)>;

export type FlashCode = keyof typeof FLASH_MESSAGES;

/** The catalogue's sentence for a code; `count` fills in the ones that take a number. */
export function flashText(code: FlashCode, count = 0): string {
  const message = FLASH_MESSAGES[code];
  return typeof message === "function" ? message(count) : message;
}

/** Codes are the catalogue's own keys only: "constructor" or "__proto__" name nothing. */
export function isFlashCode(code: string): code is FlashCode {
  return Object.hasOwn(FLASH_MESSAGES, code);
}
