import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** A random URL-safe token of `bytes` bytes (default 160 bits). */
export function randomToken(bytes = 20): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return encodeBase32LowerCaseNoPadding(buf);
}

/** What we store instead of a token: its SHA-256. */
export function hashToken(token: string): Uint8Array {
  return sha256(new TextEncoder().encode(token));
}
