import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

// The one place tokens are made, hashed and checked: sessions, pending sign-ins, invites, reset links.

/** A random URL-safe token of `bytes` bytes (default 160 bits, 32 characters). */
export function randomToken(bytes = 20): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return encodeBase32LowerCaseNoPadding(buf);
}

/** What we store instead of a token or secret: its SHA-256. */
export function hashToken(token: string): Uint8Array {
  return sha256(new TextEncoder().encode(token));
}

/** True for what randomToken() makes: malformed input is refused before any query. */
export function isToken(value: string | null | undefined): value is string {
  return typeof value === "string" && /^[a-z2-7]{32}$/.test(value);
}

/** An `<id>.<secret>` pair: the id finds the row, the secret proves possession. */
export function newIdSecret(): { id: string; secret: string; token: string } {
  const id = randomToken();
  const secret = randomToken();
  return { id, secret, token: `${id}.${secret}` };
}

export function splitIdSecret(token: string | null | undefined): { id: string; secret: string } | null {
  const dot = token ? token.indexOf(".") : -1;
  if (!token || dot === -1) return null;
  const id = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  return isToken(id) && isToken(secret) ? { id, secret } : null;
}

/** Constant-time: does `secret` hash to `stored`? */
export function secretMatches(stored: Uint8Array, secret: string): boolean {
  return constantTimeEqual(new Uint8Array(stored), hashToken(secret));
}

/**
 * What logs and pages show instead of a session id: the first 16 hex digits of its SHA-256. The same
 * session always gets the same reference (its sign-in and sign-out rows belong together), and nothing
 * leads back to the id. Migration 0018 computes the same in SQL for older audit rows.
 */
export function sessionRef(sessionId: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(sessionId))).slice(0, 16);
}
