import type { Attack } from "../catalogue";

export const requests: Attack[] = [
  { area: "Requests, origins and headers", attack: "Poisoning a mailed reset link through Host or X-Forwarded-Host", defence: "Links that leave the server are built from BASE_URL only (outboundLink); mail without BASE_URL refuses to start", asvs: "5.1.5",
    test: { file: "tests/e2e/invites-account.spec.ts", title: "refuses a reset link poisoned through Host or X-Forwarded-Host: the mail links to BASE_URL" } },
  { area: "Requests, origins and headers", attack: "Attacker text shown as the site's own message (/auth/login?error=failed&message=…)", defence: "The URL carries only a code; the sentence comes from the page's catalogue (noticeFor)", asvs: null,
    test: { file: "tests/e2e/messages.spec.ts", title: "refuses to show text from the URL as the site's own message on the login page" } },
  { area: "Requests, origins and headers", attack: "Attacker text shown as a board's re-check result (/boards/:name?checked=…)", defence: "The URL names the widget; the result is read back from the integration's last check, for viewers who may use it", asvs: null,
    test: { file: "tests/e2e/messages.spec.ts", title: "refuses to show text from the URL as a board's re-check result" } },
  { area: "Requests, origins and headers", attack: "Attacker text through any search parameter of any page (?deleted=, ?widgets=, ?q=, ?check=, ?member=…)", defence: "Every page × every parameter any page reads (found in the sources), signed in and not: the text never appears in what the page says", asvs: null,
    test: { file: "tests/e2e/messages.spec.ts", title: "refuses to show text from the URL as the page's own words, on any page" } },
  { area: "Requests, origins and headers", attack: "A message code naming an object's own properties (?saved=constructor, ?error=__proto__)", defence: "Codes are looked up as own keys of the catalogue only", asvs: null,
    test: { file: "tests/unit/notice.test.ts", title: "refuses text that isn't a code, and the names every object has" } },
];
