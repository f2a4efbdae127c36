import { getConfig } from "~/config.server";
import { getSql, type Db } from "~/db.server";
import { PASSWORD_MAX_LENGTH } from "./password-rules";
import type { Strength } from "./password-strength.server";

/** The weakest strength score accepted (zxcvbn: 0 very weak … 4 strong). */
export const MIN_STRENGTH = 2;

export type PasswordFault = "too-short" | "too-long" | "username" | "common" | "weak";

export interface PasswordVerdict {
  /** Every reason to refuse it, for the message beside the field; empty when it is fine. */
  problems: string[];
  /** Which rule refused it. */
  fault: PasswordFault | null;
  /** How hard it is to guess, when the estimator ran (not for a length or username problem). */
  strength: Strength | null;
}

/**
 * The policy for a new password, wherever one is chosen: onboarding, invites, resets, admin set, own
 * change, and the live hint as someone types (/api/password-check). The estimator and its dictionaries
 * (~35 MB resident) load on the first password checked, not at start (ADR 027).
 */
export async function passwordVerdict(password: string, context: { username?: string } = {}, db: Db = getSql()): Promise<PasswordVerdict> {
  const min = getConfig().passwordMinLength;
  if (password.length < min) return { problems: [`Use at least ${min} characters`], fault: "too-short", strength: null };
  if (password.length > PASSWORD_MAX_LENGTH)
    return { problems: [`Use at most ${PASSWORD_MAX_LENGTH} characters`], fault: "too-long", strength: null };
  const username = context.username?.trim().toLowerCase();
  if (username && username.length >= 3 && (await holdsName(db, password, username))) {
    return { problems: ["Don't put your username in your password"], fault: "username", strength: null };
  }
  const { isCommonPassword, passwordStrength } = await import("./password-strength.server");
  if (isCommonPassword(password))
    return { problems: ["This is one of the 10 000 most common passwords: choose another"], fault: "common", strength: null };
  const strength = passwordStrength(password, username ? [username] : []);
  if (strength.score < MIN_STRENGTH) {
    const hint = `Too easy to guess (${strength.label}).${strength.warning ? ` ${strength.warning}` : ""} Try a few unrelated words.`;
    return { problems: [hint], fault: "weak", strength };
  }
  return { problems: [], fault: null, strength };
}

/** Loads and builds the estimator (once per process, about a second on a small server; ADR 027 keeps it out of start). */
export async function prepareEstimator(): Promise<void> {
  (await import("./password-strength.server")).prepareEstimator();
}

/** Every reason to refuse a new password; empty when it is fine. */
export async function passwordProblems(password: string, context: { username?: string } = {}, db: Db = getSql()): Promise<string[]> {
  return (await passwordVerdict(password, context, db)).problems;
}

/**
 * Whether the password holds the name in any spelling that means the same account (case, full-width
 * letters, NFKC): PostgreSQL's porch_name_key() decides, as for every comparison of names (ADR 014).
 */
async function holdsName(db: Db, password: string, username: string): Promise<boolean> {
  const [row] = await db<{ holds: boolean }[]>`select strpos(porch_name_key(${password}), porch_name_key(${username})) > 0 as holds`;
  return row.holds;
}
