import type { Attack } from "../catalogue";

export const requests: Attack[] = [
  { area: "Requests, origins and headers", attack: "Poisoning a mailed reset link through Host or X-Forwarded-Host", defence: "Links that leave the server are built from BASE_URL only (outboundLink); mail without BASE_URL refuses to start", asvs: "5.1.5",
    test: { file: "tests/e2e/invites-account.spec.ts", title: "refuses a reset link poisoned through Host or X-Forwarded-Host: the mail links to BASE_URL" } },
];
