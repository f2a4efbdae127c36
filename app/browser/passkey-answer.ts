import { browserSupportsWebAuthn, browserSupportsWebAuthnAutofill, startAuthentication } from "@simplewebauthn/browser";

// A passkey's answer on the sign-in pages (issue #21): the login page (a passwordless sign-in, posted to
// /auth/passkey) and the two-factor page (the second factor, posted to /auth/2fa). Those pages are plain
// forms sent without React (issue #18); this script, built on its own (scripts/build.mjs), shows the
// passkey button where the browser can use one, on the login page offers passkeys in the username
// field's autofill where the browser does that, and posts the authenticator's answer as an ordinary
// form, whose redirect ends the sign-in. The area says which step (`data-passkey-step`: its options come
// from /auth/passkey) and where the answer goes (`data-passkey-action`).

async function options(step: string): Promise<Parameters<typeof startAuthentication>[0]["optionsJSON"]> {
  const body = new FormData();
  body.set("intent", "passkey-options");
  body.set("step", step);
  const reply = await fetch("/auth/passkey", { method: "POST", body, credentials: "same-origin" });
  if (!reply.ok) throw new Error(`options: ${reply.status}`);
  return reply.json();
}

/** Posts the answer the way the password form posts: a navigation, so the server's redirect is followed. */
function post(action: string, answer: unknown) {
  const form = document.createElement("form");
  form.method = "post";
  form.action = action;
  form.hidden = true;
  const remember = document.querySelector<HTMLInputElement>('input[name="remember"]')?.checked;
  const fields = {
    intent: "passkey",
    response: JSON.stringify(answer),
    redirectTo: new URLSearchParams(location.search).get("redirectTo") ?? "",
    remember: remember ? "on" : "",
  };
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement("input");
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}

async function signIn(autofill: boolean, area: HTMLElement) {
  const status = area.querySelector<HTMLElement>("[data-passkey-status]");
  const action = area.dataset.passkeyAction ?? "/auth/passkey";
  try {
    const step = area.dataset.passkeyStep ?? "sign-in";
    const answer = await startAuthentication({ optionsJSON: await options(step), useBrowserAutofill: autofill });
    // A sensitive action's confirmation: the answer goes with the action's own (kept) form.
    const into = area.dataset.passkeyForm ? document.getElementById(area.dataset.passkeyForm) : null;
    const field = into instanceof HTMLFormElement ? into.querySelector<HTMLInputElement>('input[name="porch-confirm-passkey"]') : null;
    if (into instanceof HTMLFormElement && field) {
      field.value = JSON.stringify(answer);
      into.submit();
    } else post(action, answer);
  } catch (error) {
    // Autofill waits quietly and is cancelled when the button starts a ceremony of its own.
    if (autofill || (error as { name?: string }).name === "AbortError") return;
    if (!status) return;
    status.setAttribute("role", "alert");
    status.textContent = "No passkey answered (cancelled, or none for this site on this device). Try again, or use the form.";
  }
}

/**
 * Wires the page's passkey area once. Also run by app/components/passkey-button.tsx when React renders
 * a sign-in page itself (a signed-in page navigating there), where a script in the markup never runs.
 */
async function wire() {
  const area = document.querySelector<HTMLElement>("[data-passkey-area]");
  const button = area?.querySelector<HTMLButtonElement>("[data-passkey-button]");
  if (!area || !button || area.dataset.wired || !browserSupportsWebAuthn()) return;
  area.dataset.wired = "true";
  area.hidden = false;
  for (const fallback of document.querySelectorAll<HTMLElement>("[data-passkey-fallback]")) fallback.hidden = true;
  button.addEventListener("click", () => void signIn(false, area));
  if ("passkeyAutofill" in area.dataset && (await browserSupportsWebAuthnAutofill())) void signIn(true, area);
}

(window as { porchPasskeys?: () => void }).porchPasskeys = () => void wire();
await wire();
