import { getConfig } from "~/config.server";
import { PASSWORD_MAX_LENGTH } from "./password-rules";

/** The weakest strength score accepted (zxcvbn: 0 very weak … 4 strong). */
export const MIN_STRENGTH = 2;

/**
 * Every reason to refuse a new password, for the message beside the field; empty when it is fine.
 * Applies wherever a password is chosen: onboarding, invites, admin set, own change. The estimator and its
 * dictionaries (~35 MB resident) load on the first password chosen, not at start (ADR 027).
 */
export async function passwordProblems(password: string, context: { username?: string } = {}): Promise<string[]> {
  const min = getConfig().passwordMinLength;
  if (password.length < min) return [`Use at least ${min} characters`];
  if (password.length > PASSWORD_MAX_LENGTH) return [`Use at most ${PASSWORD_MAX_LENGTH} characters`];
  const username = context.username?.trim().toLowerCase();
  if (username && username.length >= 3 && password.toLowerCase().includes(username)) {
    return ["Don't put your username in your password"];
  }
  const { isCommonPassword, passwordStrength } = await import("./password-strength");
  if (isCommonPassword(password)) return ["This is one of the 10 000 most common passwords: choose another"];
  const strength = passwordStrength(password, username ? [username] : []);
  if (strength.score < MIN_STRENGTH) {
    return [`Too easy to guess (${strength.label}).${strength.warning ? ` ${strength.warning}` : ""} Try a few unrelated words.`];
  }
  return [];
}
