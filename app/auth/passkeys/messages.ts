/**
 * What the login page says after a passkey sign-in that didn't work. The redirect carries only the code
 * (`/auth/login?passkey=refused`); the precise reason goes to the audit log.
 */
export const PASSKEY_ERRORS = {
  expired: "That sign-in took too long or was already used. Try the passkey again.",
  refused: "That passkey can't sign you in here. Sign in with your password, or try another passkey.",
  throttled: "Too many sign-in attempts from your network. Wait a few minutes, then try again.",
} as const;
