// The page a person sees at the app's own address when forward auth refuses them (Traefik and Caddy
// show the answer's body; nginx shows its own 403 unless told otherwise).
import { escape, plainPage } from "./plain-page.server";

export function forbiddenPage(input: { app: string; who: string; ask: string; porch: string }): string {
  const app = escape(input.app);
  return plainPage({
    title: `No access to ${input.app}`,
    body: `<h1>You don't have access to ${app}</h1>
<p>You're signed in to Porch as <strong>${escape(input.who)}</strong>, and Porch guards this app.</p>
<p>${escape(input.ask)}</p>
<p><a href="${escape(input.porch)}/">Back to Porch</a></p>`,
  });
}

/**
 * The refusal of an address no protected app covers, for someone who may protect apps (and could see
 * as much in Manage → Protected apps): what is missing and the way to fix it. Everyone else gets
 * forbiddenPage, which doesn't tell guarded from unguarded addresses (attack14).
 */
export function unprotectedPage(input: { app: string; porch: string; protect: string }): string {
  return plainPage({
    title: `${input.app} isn't protected`,
    body: `<h1>No protected app covers ${escape(input.app)}</h1>
<p>Porch refuses an address nobody protected, to everyone (administrators too), until someone decides who may open it.</p>
<p><a href="${escape(input.protect)}">Protect it in Manage → Protected apps</a></p>
<p><a href="${escape(input.porch)}/">Back to Porch</a></p>`,
  });
}
