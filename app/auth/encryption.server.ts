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

export function encrypt(plain: Uint8Array): Uint8Array {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return new Uint8Array(Buffer.concat([iv, body, cipher.getAuthTag()]));
}

export function decrypt(sealed: Uint8Array): Uint8Array {
  const data = Buffer.from(sealed);
  const decipher = createDecipheriv("aes-256-gcm", key(), data.subarray(0, 12));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return new Uint8Array(Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]));
}
