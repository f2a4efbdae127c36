// A group's "requires a phishing-resistant sign-in" (issue #21, ADR 037): the one place that decides
// what a person it applies to must do before anything else opens.

/**
 * What stands between the person and the rest of Porch:
 * - "add": they have no passkey yet and their groups still allow adding a first one (the administrator's
 *   window); only My account → Security opens, where they add one.
 * - "confirm": this session wasn't proved with one of their passkeys; only the confirm page opens.
 * - "ask-admin": they have no passkey and no window is open: a password can't enrol one (whoever phished
 *   it would), so nothing opens; the confirm page says to ask an administrator.
 * - "unavailable": their account can't have passkeys (from a directory, an identity provider or a proxy),
 *   or passkeys are off on this server; nothing opens, the confirm page says why.
 */
export type PasskeyStep = "add" | "confirm" | "ask-admin" | "unavailable";

/**
 * Where a person stands with the groups that require a passkey, read with the actor: null when none of
 * theirs does; "has" when they have a passkey; "window" when they have none and every such group still
 * lets them add a first one; "none" otherwise.
 */
export type PasskeyStanding = "has" | "window" | "none" | null;

/** The proof a session gets once a passkey answers on the confirm page (its provider string). */
export const PASSKEY_CONFIRMED = "passkey-confirmed";

/**
 * The step for a caller: a session must have been proved by one of the person's passkeys that still
 * exists (removing the passkey takes the proof away); an API key is as good as the session that made
 * it, so it works only if such a session made it (attack27: a key made with a phished password, or with
 * a thief's passkey since removed, would otherwise outlive the rule).
 */
export function passkeyStepOf(caller: {
  standing: PasskeyStanding;
  /** Whether one of the person's passkeys (still theirs) proved this session, or the session that made this key. */
  passkeyProved: boolean;
  mayHavePasskeys: boolean;
}): PasskeyStep | null {
  const { standing } = caller;
  if (standing === null) return null;
  if (caller.passkeyProved) return null;
  if (!caller.mayHavePasskeys) return "unavailable";
  return standing === "has" ? "confirm" : standing === "window" ? "add" : "ask-admin";
}

/** What the person must do, said to a script or an app (the API's 403, forward auth's refusal). */
export const PASSKEY_STEP_WORDS: Record<PasskeyStep, string> = {
  add: "add one first (/settings/security)",
  confirm: "confirm with one first (/auth/confirm)",
  "ask-admin": "you have none, and adding a first one now needs an administrator",
  unavailable: "this account can't have one here (/auth/confirm says why)",
};
