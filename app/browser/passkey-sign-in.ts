import { browserSupportsWebAuthn, browserSupportsWebAuthnAutofill, startAuthentication } from "@simplewebauthn/browser";

// The login page's passkey sign-in (issue #21). The page is a plain form sent without React (issue #18);
// this script, built on its own (scripts/build.mjs), shows the passkey button where the browser can use
// one, offers passkeys in the username field's autofill where the browser does that, and posts the
// authenticator's answer to /auth/passkey as an ordinary form, whose redirect ends the sign-in.

async function options(): Promise<Parameters<typeof startAuthentication>[0]["optionsJSON"]> {
  const body = new FormData();
  body.set("intent", "options");
  const reply = await fetch("/auth/passkey", { method: "POST", body, credentials: "same-origin" });
  if (!reply.ok) throw new Error(`options: ${reply.status}`);
  return reply.json();
}

/** Posts the answer the way the password form posts: a navigation, so the server's redirect is followed. */
function post(answer: unknown) {
  const form = document.createElement("form");
  form.method = "post";
  form.action = "/auth/passkey";
  form.hidden = true;
  const remember = document.querySelector<HTMLInputElement>('input[name="remember"]')?.checked;
  const fields = {
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
  try {
    post(await startAuthentication({ optionsJSON: await options(), useBrowserAutofill: autofill }));
  } catch (error) {
    // Autofill waits quietly and is cancelled when the button starts a ceremony of its own.
    if (autofill || (error as { name?: string }).name === "AbortError") return;
    if (!status) return;
    status.setAttribute("role", "alert");
    status.textContent = "No passkey signed you in (cancelled, or none for this site on this device). Try again, or use your password.";
  }
}

/**
 * Wires the page's passkey area once. Also run by app/components/passkey-sign-in.tsx when React renders
 * the login page itself (a signed-in page navigating there), where a script in the markup never runs.
 */
async function wire() {
  const area = document.querySelector<HTMLElement>("[data-passkey-area]");
  const button = area?.querySelector<HTMLButtonElement>("[data-passkey-sign-in]");
  if (!area || !button || area.dataset.wired || !browserSupportsWebAuthn()) return;
  area.dataset.wired = "true";
  area.hidden = false;
  button.addEventListener("click", () => void signIn(false, area));
  if (await browserSupportsWebAuthnAutofill()) void signIn(true, area);
}

(window as { porchPasskeys?: () => void }).porchPasskeys = () => void wire();
await wire();
