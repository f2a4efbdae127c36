import type { Attack } from "../catalogue";

export const sessions: Attack[] = [
  { area: "Sessions", attack: "Session fixation", defence: "A new token at every sign-in; the browser's previous session is ended", asvs: "3.2.1",
    test: { file: "tests/integration/sign-in.test.ts", title: "refuses session fixation: a token planted before sign-in is dead after it" } },
  { area: "Sessions", attack: "Forged or tampered session token", defence: "id.secret tokens, 160 random bits each, SHA-256 stored, constant-time compare", asvs: "3.2.2",
    test: { file: "tests/integration/sessions.test.ts", title: "refuses a tampered token: right id, wrong secret" } },
  { area: "Sessions", attack: "Cookie sent over plain HTTP", defence: "Secure is set whenever BASE_URL is https", asvs: "3.4.1",
    test: { file: "tests/integration/sign-in.test.ts", title: "refuses to send the session cookie without Secure when BASE_URL is https" } },
  { area: "Sessions", attack: "Cross-site request forgery", defence: "Cookie-authenticated writes must come from our own origin", asvs: "4.2.2",
    test: { file: "tests/e2e/auth.spec.ts", title: "a cross-origin POST is refused and changes nothing" } },
  { area: "Sessions", attack: "Cookie tossing: a sibling subdomain plants a session cookie (the attacker's session, or a fixed one)", defence: "Over https the session cookie is __Host-porch_session and a bare porch_session is never read", asvs: "3.4.4",
    test: { file: "tests/e2e/operations.spec.ts", title: "refuses a session cookie a sibling subdomain could plant: over https only __Host-porch_session counts" } },
  { area: "Sessions", attack: "Cookie tossing: a sibling subdomain plants a two-factor step of the attacker's account", defence: "The pending sign-in cookie is __Host- over https, like every other cookie", asvs: "3.4.4",
    test: { file: "tests/integration/cookie-tossing.test.ts", title: "refuses a two-factor step planted by a sibling subdomain" } },
];
