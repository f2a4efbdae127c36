// The named attack tests of every issue, in one place: which attack, the defence it proves, the
// OWASP ASVS 4.0.3 requirement where one applies, and the test that proves it (file + title).
// docs/security.md is generated from this list (npm run security:doc); a test keeps them in step.

import { readFileSync } from "node:fs";
import { accessControl } from "./attacks/access-control";
import { apiKeys } from "./attacks/api-keys";
import { directory } from "./attacks/directory";
import { inputOutput } from "./attacks/input-output";
import { oidc } from "./attacks/oidc";
import { protectedApps, proxySignIn } from "./attacks/protected-apps";
import { requests } from "./attacks/requests";
import { secrets } from "./attacks/secrets";
import { sessions } from "./attacks/sessions";
import { signIn } from "./attacks/sign-in";

export interface Attack {
  area:
    | "Sign-in"
    | "Directory (LDAP)"
    | "Sessions"
    | "Access control"
    | "API keys"
    | "OpenID Connect"
    | "Requests, origins and headers"
    | "Input and output"
    | "Secrets"
    | "Protected apps (forward auth)";
  attack: string;
  defence: string;
  asvs: string | null;
  test: { file: string; title: string };
}

// One file per area (tests/security/attacks/), so the areas grow side by side.
export const ATTACKS: Attack[] = [
  ...signIn,
  ...directory,
  ...sessions,
  ...accessControl,
  ...apiKeys,
  ...oidc,
  ...requests,
  ...inputOutput,
  ...secrets,
  ...protectedApps,
  ...proxySignIn,
];

/** docs/security.md, generated. */
export function securityDoc(): string {
  const lines = [
    "# Security: attacks Porch is tested against",
    "",
    "Generated from `tests/security/catalogue.ts` by `npm run security:doc`; `npm test` fails when this file is stale.",
    "ASVS numbers refer to OWASP ASVS 4.0.3 where a requirement applies.",
    "",
    // The threat model is prose, kept beside the catalogue it frames.
    readFileSync(new URL("./threat-model.md", import.meta.url), "utf8").trimEnd(),
    "",
    "## Attacks, by area",
    "",
  ];
  for (const area of [...new Set(ATTACKS.map((a) => a.area))]) {
    lines.push(`### ${area}`, "", "| attack | defence | ASVS | test |", "| --- | --- | --- | --- |");
    for (const a of ATTACKS.filter((x) => x.area === area)) {
      lines.push(`| ${a.attack} | ${a.defence} | ${a.asvs ? `V${a.asvs}` : "—"} | \`${a.test.file}\`: "${a.test.title}" |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
