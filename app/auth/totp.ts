import { generateHOTP } from "@oslojs/otp";
import { SECOND } from "~/utils/time";

// TOTP, RFC 6238: 30-second steps, 6 digits, SHA-1 (what every authenticator app speaks).
export const TOTP_STEP_MS = 30 * SECOND;
export const TOTP_DIGITS = 6;
/** Clock drift allowed either way, in steps. */
export const TOTP_DRIFT_STEPS = 1;

export function stepAt(now: Date): number {
  return Math.floor(now.getTime() / TOTP_STEP_MS);
}

export function codeAt(key: Uint8Array, step: number): string {
  return generateHOTP(key, BigInt(step), TOTP_DIGITS);
}

/** The step whose code `code` is, within the allowed drift, or null. */
export function matchingStep(key: Uint8Array, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = stepAt(now);
  let found: number | null = null;
  // Check every candidate (no early exit), so timing says nothing about which one matched.
  for (let offset = -TOTP_DRIFT_STEPS; offset <= TOTP_DRIFT_STEPS; offset++) {
    const candidate = codeAt(key, current + offset);
    let diff = 0;
    for (let i = 0; i < TOTP_DIGITS; i++) diff |= candidate.charCodeAt(i) ^ code.charCodeAt(i);
    if (diff === 0 && found === null) found = current + offset;
  }
  return found;
}
