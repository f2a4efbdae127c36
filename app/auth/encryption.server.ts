import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getConfig } from "~/config.server";

// AES-256-GCM under SECRET_ENCRYPTION_KEY: 12-byte IV | ciphertext | 16-byte tag.

export class MissingEncryptionKeyError extends Error {
  constructor() {
    super("SECRET_ENCRYPTION_KEY is not set (64 hex characters; npm start makes one in the data directory).");
    this.name = "MissingEncryptionKeyError";
  }
}

function key(): Buffer {
  const hex = getConfig().secretEncryptionKey;
  if (!hex) throw new MissingEncryptionKeyError();
  return Buffer.from(hex, "hex");
}

export function canEncrypt(): boolean {
  return Boolean(getConfig().secretEncryptionKey);
}

export class WrongEncryptionKeyError extends Error {
  constructor() {
    super(
      "A stored secret doesn't decrypt with SECRET_ENCRYPTION_KEY: the key changed, or the data was altered. Restore the key it was encrypted with.",
    );
    this.name = "WrongEncryptionKeyError";
  }
}

export function encryptWith(keyBytes: Buffer, plain: Uint8Array): Uint8Array {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyBytes, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return new Uint8Array(Buffer.concat([iv, body, cipher.getAuthTag()]));
}

/** Opens a sealed value; a wrong key or altered bytes fail loudly (GCM's tag), never with garbage. */
export function decryptWith(keyBytes: Buffer, sealed: Uint8Array): Uint8Array {
  const data = Buffer.from(sealed);
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyBytes, data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return new Uint8Array(Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]));
  } catch {
    throw new WrongEncryptionKeyError();
  }
}

export const encrypt = (plain: Uint8Array) => encryptWith(key(), plain);
export const decrypt = (sealed: Uint8Array) => decryptWith(key(), sealed);
