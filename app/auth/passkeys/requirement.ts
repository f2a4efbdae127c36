// A group's "requires a phishing-resistant sign-in" (issue #21, ADR 037): the one place that decides
// what a person it applies to must do before anything else opens.

/**
 * What stands between the person and the rest of Porch:
 * - "add": they have no passkey yet; only My account → Security opens, where they add one.
 * - "confirm": this session wasn't proved with a passkey; only the confirm page opens, where one answers.
 * - "unavailable": their account can't have passkeys (from a directory, an identity provider or a proxy),
 *   or passkeys are off on this server; nothing opens, the confirm page says why.
 */
export type PasskeyStep = "add" | "confirm" | "unavailable";

/** How a session was proved, when it counts as phishing-resistant: a passkey answered in it. */
const PHISHING_RESISTANT = new Set(["passkey", "credentials+passkey", "passkey-confirmed"]);

/** The proof a session gets once a passkey answers on the confirm page. */
export const PASSKEY_CONFIRMED = "passkey-confirmed";

export const isPhishingResistant = (proof: string | null) => proof !== null && PHISHING_RESISTANT.has(proof);

/**
 * The step for a caller. `hasPasskey` is null when no group of theirs requires one (the actor's
 * statement reads it only then). A session must have been proved by a passkey; an API key is its own
 * proof, so its owner only needs to have one (as with two-factor: the key works once it is set up).
 */
export function passkeyStepOf(caller: {
  hasPasskey: boolean | null;
  /** The session's proof; undefined for an API key. */
  proof?: string | null;
  mayHavePasskeys: boolean;
}): PasskeyStep | null {
  if (caller.hasPasskey === null) return null;
  if (caller.proof === undefined) return caller.hasPasskey ? null : "add";
  if (isPhishingResistant(caller.proof)) return null;
  if (!caller.mayHavePasskeys) return "unavailable";
  return caller.hasPasskey ? "confirm" : "add";
}
