import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";

// Loaded only when someone adds a passkey (My account → Security): the WebAuthn library stays out of
// the page's scripts (issue #18's budget).

/**
 * Asks the server for options (it checks the password first), lets the authenticator make the passkey,
 * and returns its answer as JSON for the form to post; or the sentence to show beside the form.
 */
export async function registerPasskey(form: HTMLFormElement): Promise<{ answer: string } | { error: string }> {
  const password = new FormData(form).get("password") ?? "";
  const reply = await fetch("/api/passkeys/options", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ password }),
    credentials: "same-origin",
  });
  const json = (await reply.json().catch(() => null)) as { error?: string } | PublicKeyCredentialCreationOptionsJSON | null;
  if (!reply.ok || !json || "error" in json)
    return { error: (json && "error" in json && json.error) || "Porch couldn't start adding a passkey. Try again." };
  try {
    return { answer: JSON.stringify(await startRegistration({ optionsJSON: json as PublicKeyCredentialCreationOptionsJSON })) };
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === "InvalidStateError") return { error: "This device already holds a passkey for your account here." };
    return { error: "No passkey was made (cancelled, timed out, or not available on this device)." };
  }
}
