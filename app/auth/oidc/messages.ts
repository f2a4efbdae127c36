/**
 * What the login page says after a failed OpenID Connect sign-in. The redirect carries only the code
 * (`/auth/login?error=inactive`); the precise reason goes to the audit log and the server log.
 */
export const OIDC_ERRORS = {
  unavailable: "Your identity provider can't be reached right now. Try again, or use another method.",
  denied: "The identity provider didn't let you in (you cancelled, or it refused).",
  failed: "Signing in with your identity provider didn't work. Try again.",
  expired: "That sign-in took too long or was started in another browser. Try again.",
  "no-identity": "Your identity provider didn't say who you are (no name or email).",
  inactive: "Your account is deactivated. Ask an administrator.",
  "name-taken": "A Porch account with your name exists already. Ask an administrator to link them.",
  "name-ambiguous": "Your name at the identity provider reads like another name. Ask an administrator.",
} as const;

export type OidcErrorCode = keyof typeof OIDC_ERRORS;
