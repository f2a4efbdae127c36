import type { CDPSession, Page } from "@playwright/test";
import { createHash, createPrivateKey, sign } from "node:crypto";

// Chromium's virtual authenticator (the DevTools WebAuthn domain): a real browser making real passkeys,
// with a device we control. And, for the attacker's side, an answer signed with a passkey's own key
// outside any browser (what a phishing relay or a cloned key would send).

export interface VirtualAuthenticator {
  cdp: CDPSession;
  id: string;
}

export interface StoredCredential {
  credentialId: string; // base64 (standard), as CDP gives it
  rpId: string;
  privateKey: string; // PKCS#8, base64
  userHandle?: string;
  signCount: number;
  isResidentCredential: boolean;
}

/** A platform authenticator that holds discoverable passkeys and verifies its user (a fingerprint that always matches). */
export async function addAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: authenticatorId };
}

export async function credentialsOf(a: VirtualAuthenticator): Promise<StoredCredential[]> {
  return (await a.cdp.send("WebAuthn.getCredentials", { authenticatorId: a.id })).credentials as StoredCredential[];
}

/** Puts a copy of `credential` (say, with an older counter: a cloned key) into authenticator `a`. */
export async function addCredential(a: VirtualAuthenticator, credential: StoredCredential): Promise<void> {
  await a.cdp.send("WebAuthn.addCredential", { authenticatorId: a.id, credential });
}

export async function removeAuthenticator(a: VirtualAuthenticator): Promise<void> {
  await a.cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: a.id });
}

const b64url = (bytes: Buffer) => bytes.toString("base64url");

/**
 * An assertion for `challenge` signed with the credential's private key, as a browser on `origin`
 * would send it: authenticator data (RP ID hash, user present and verified, counter) and the signature
 * over it and the client data's hash.
 */
export function forgeAssertion(
  credential: StoredCredential,
  options: { challenge: string; origin: string; counter: number; rpId?: string },
) {
  const clientData = Buffer.from(
    JSON.stringify({ type: "webauthn.get", challenge: options.challenge, origin: options.origin, crossOrigin: false }),
  );
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(options.counter);
  const authData = Buffer.concat([
    createHash("sha256")
      .update(options.rpId ?? credential.rpId)
      .digest(),
    Buffer.from([0x05]),
    counter,
  ]);
  const key = createPrivateKey({ key: Buffer.from(credential.privateKey, "base64"), format: "der", type: "pkcs8" });
  const signature = sign("sha256", Buffer.concat([authData, createHash("sha256").update(clientData).digest()]), key);
  const id = b64url(Buffer.from(credential.credentialId, "base64"));
  return {
    id,
    rawId: id,
    type: "public-key",
    clientExtensionResults: {},
    response: {
      clientDataJSON: b64url(clientData),
      authenticatorData: b64url(authData),
      signature: b64url(signature),
      userHandle: credential.userHandle ? b64url(Buffer.from(credential.userHandle, "base64")) : undefined,
    },
  };
}
