import { MINUTE } from "~/utils/time";

// How long each step of a sign-in may take: the server's record of it and the browser's cookie alike.

/** Between a correct password and the second factor. */
export const PENDING_LIFETIME_MS = 5 * MINUTE;
/** A sign-in started at the OpenID provider. */
export const OIDC_FLOW_MS = 10 * MINUTE;
/** A passkey ceremony: from the options a browser is given to its answer. */
export const WEBAUTHN_CHALLENGE_MS = 5 * MINUTE;
/** A TV's sign-in with a code: from showing the code to the approval and the TV noticing it (RFC 8628's 10 minutes). */
export const DEVICE_SIGN_IN_MS = 10 * MINUTE;
