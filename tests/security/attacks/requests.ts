import type { Attack } from "../catalogue";

export const requests: Attack[] = [
  {
    area: "Requests, origins and headers",
    attack: "Poisoning a mailed reset link through Host or X-Forwarded-Host",
    defence: "Links that leave the server are built from BASE_URL only (outboundLink); mail without BASE_URL refuses to start",
    asvs: "5.1.5",
    test: {
      file: "tests/e2e/invites-account.spec.ts",
      title: "refuses a reset link poisoned through Host or X-Forwarded-Host: the mail links to BASE_URL",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "Attacker text shown as the site's own message (/auth/login?error=failed&message=…)",
    defence: "The URL carries only a code; the sentence comes from the page's catalogue (noticeFor)",
    asvs: null,
    test: { file: "tests/e2e/messages.spec.ts", title: "refuses to show text from the URL as the site's own message on the login page" },
  },
  {
    area: "Requests, origins and headers",
    attack: "Attacker text shown as a board's re-check result (/boards/:name?checked=…)",
    defence: "The URL names the widget; the result is read back from the integration's last check, for viewers who may use it",
    asvs: null,
    test: { file: "tests/e2e/messages.spec.ts", title: "refuses to show text from the URL as a board's re-check result" },
  },
  {
    area: "Requests, origins and headers",
    attack: "Attacker text through any search parameter of any page (?checked=, ?q=, ?check=, ?member=…)",
    defence:
      "Every page × every parameter any page reads (found in the sources), signed in and not: the text never appears in what the page says",
    asvs: null,
    test: { file: "tests/e2e/messages.spec.ts", title: "refuses to show text from the URL as the page's own words, on any page" },
  },
  {
    area: "Requests, origins and headers",
    attack: "A message code naming an object's own properties (?saved=constructor, ?error=__proto__)",
    defence: "Codes are looked up as own keys of the catalogue only",
    asvs: null,
    test: { file: "tests/unit/notice.test.ts", title: "refuses text that isn't a code, and the names every object has" },
  },
  {
    area: "Requests, origins and headers",
    attack: "A success message planted in the flash cookie: words instead of a code, an object's own property names, a malformed value",
    defence:
      "The flash carries a code of one catalogue (own keys only) and the page it is for; anything else shows nothing and is cleared; over https only the __Host- cookie is read",
    asvs: null,
    test: {
      file: "tests/unit/flash.test.ts",
      title: "refuses words that aren't a code of the catalogue, and the names every object has, and clears them",
    },
  },
  {
    area: "Requests, origins and headers",
    attack:
      "Rotating X-Forwarded-For or Fly-Client-IP behind a proxy to escape the per-address throttle and forge audit addresses (TRUST_PROXY=true)",
    defence: "Only what the proxy appended counts (the right-most entry); Fly-Client-IP only on Fly.io; tested through a real nginx",
    asvs: "2.2.1",
    test: {
      file: "tests/e2e/proxy.spec.ts",
      title:
        "refuses a client address rotated through X-Forwarded-For or Fly-Client-IP behind a proxy: the throttle counts the real client",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "Forging X-Forwarded-For/Host/Proto straight to Porch, past the proxy (address, CSRF origin, OpenAPI servers, HSTS)",
    defence: "Forwarded headers are believed only from a listed proxy address; the app never sees them",
    asvs: "2.2.1",
    test: {
      file: "tests/e2e/proxy.spec.ts",
      title: "refuses forwarded headers from a client that isn't the configured proxy (address, host, scheme)",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "Forging an address at the left of X-Forwarded-For",
    defence: "The client is counted from the right: one proxy, its right-most entry",
    asvs: "2.2.1",
    test: {
      file: "tests/unit/origin.test.ts",
      title: "refuses a client address forged at the left of X-Forwarded-For: behind one proxy only its right-most entry counts",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "Sending forwarded headers from the internet to a Porch with TRUST_PROXY=true",
    defence: "true believes only a peer on a private network",
    asvs: "2.2.1",
    test: {
      file: "tests/unit/origin.test.ts",
      title: "refuses forwarded headers from a public peer with TRUST_PROXY=true (someone past the proxy)",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "Forged Fly-Client-IP off Fly.io",
    defence: "Fly-Client-IP only when FLY_APP_NAME is set; TRUST_PROXY=fly elsewhere refuses to start",
    asvs: "2.2.1",
    test: { file: "tests/unit/origin.test.ts", title: "refuses a forged Fly-Client-IP unless Fly.io runs us" },
  },
  {
    area: "Requests, origins and headers",
    attack: "Script or junk stored as a client address through X-Forwarded-For",
    defence: "Only canonical IP addresses are stored; junk falls back to what the proxy saw",
    asvs: "7.1.4",
    test: {
      file: "tests/unit/origin.test.ts",
      title: "refuses to store anything but an address: garbled entries fall back to what the proxy saw",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "DNS rebinding: a page on another name, re-pointed at a LAN Porch, reads and takes /init on a fresh install",
    defence:
      "Without BASE_URL only IP addresses, localhost and ALLOWED_HOSTS are answered (421 naming the setting); tested in Chromium with its own resolver",
    asvs: null,
    test: {
      file: "tests/e2e/rebinding.spec.ts",
      title: "refuses a DNS-rebinding page on a fresh install: another site's name can't read or take /init",
    },
  },
  {
    area: "Requests, origins and headers",
    attack:
      "A page on another port of the same host (same site: the session cookie goes along) posts to `//its-host/manage/users/<id>`: Node read the path as Porch's origin, so the admin's browser granted admin rights, and any page could plant a sign-in (attack12)",
    defence:
      "Node's adapter appends the path to the host instead of resolving it; the host a request was sent to comes from its Host header alone (requestHost)",
    asvs: "4.2.2",
    test: {
      file: "tests/e2e/rebinding.spec.ts",
      title:
        "refuses a page on another port of the same host acting through a // path: no admin rights given, no sign-in planted (attack12)",
    },
  },
  {
    area: "Requests, origins and headers",
    attack:
      "A request whose address names another host than its Host header: an absolute-form request line (Deno believed it), a Host sent twice (Node took the first), none at all (Deno answered), `a@b` or `a#b` in Host",
    defence:
      "The request gate answers 400 unless Host is sent once, is a plain host and port, and equals the address's host, on both runtimes",
    asvs: "5.1.3",
    test: {
      file: "tests/e2e/request-target.spec.ts",
      title: "refuses a request whose address names another host than its Host header, by path, absolute form, twice or not at all",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "A forwarded host naming the rebinding site, through a trusted proxy",
    defence: "A forwarded name is held to the same rule as Host",
    asvs: null,
    test: { file: "tests/unit/origin.test.ts", title: "refuses forwarded host and scheme from anyone but the trusted proxy" },
  },
  {
    area: "Requests, origins and headers",
    attack: "A forwarding header believed by a library behind the pipeline (Remix compared Origin with X-Forwarded-Host: 500)",
    defence: "The app gets the request at the trusted origin with every forwarding header removed (atTrustedOrigin)",
    asvs: null,
    test: {
      file: "tests/unit/origin.test.ts",
      title: "refuses to pass forwarding headers on: the app sees the origin we trust, and nothing else to believe",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "OpenID Connect redirect URI taken from a request's Host",
    defence: "OIDC requires BASE_URL; both URIs come from outboundLink",
    asvs: "5.1.5",
    test: {
      file: "tests/unit/oidc-config.test.ts",
      title: "refuses OpenID Connect without BASE_URL: the redirect URI never follows a request's Host",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "A malformed Host header (Node: one request ended the process; Deno: 500)",
    defence: "400 at the runtime entry, before anything parses the URL",
    asvs: "5.1.3",
    test: { file: "tests/e2e/rebinding.spec.ts", title: "refuses a Host that isn't a host name with 400, and keeps serving" },
  },
  {
    area: "Requests, origins and headers",
    attack: "Exhausting memory with huge request bodies (a 60 MB anonymous sign-in, chunked bodies without a length)",
    defence:
      "The request gate reads at most 16 KB (sign-in pages) or 256 KB (everything else) and answers 413, refusing a larger Content-Length before reading",
    asvs: "12.1.1",
    test: {
      file: "tests/e2e/bad-requests.spec.ts",
      title: "refuses a body over the limit with 413 before reading it, with or without a Content-Length",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "60 MB and 3 × 200 MB parallel bodies against Deno (peak RSS was 98 → 735 MB and 3.6 GB)",
    defence: "Capped before the pipeline: peak RSS unchanged, the client gets 413 after a few MB",
    asvs: "12.1.1",
    test: {
      file: "tests/e2e/body-memory.spec.ts",
      title: "on deno, refuses 60 MB and 3 × 200 MB anonymous sign-in bodies with 413 while memory stays flat",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "60 MB and 3 × 200 MB parallel bodies against Node (peak RSS was 93 → 733 MB and 2.3 GB)",
    defence: "Capped before the pipeline; the Node adapter discards the refused rest instead of buffering or resetting",
    asvs: "12.1.1",
    test: {
      file: "tests/e2e/body-memory.spec.ts",
      title: "on node, refuses 60 MB and 3 × 200 MB anonymous sign-in bodies with 413 while memory stays flat",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "Reading the sign-in body twice (a clone for the provider, another inside the strategy)",
    defence: "The form is parsed once and handed to the strategy",
    asvs: "12.1.1",
    test: {
      file: "tests/integration/request-bodies.test.ts",
      title: "refuses to read a sign-in body twice: one parse, no clones kept in memory",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "Making the server parse and hash for a dead invite link",
    defence: "The link is checked before the form is read",
    asvs: null,
    test: {
      file: "tests/integration/request-bodies.test.ts",
      title: "refuses to read the form of an unusable invite link: the token is checked first",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "A 32 MB JSON body read whole before its 256 KB check",
    defence: "readJson reads through readLimited and stops at the limit",
    asvs: "12.1.1",
    test: {
      file: "tests/unit/read-limited.test.ts",
      title: "refuses a 32 MB JSON body at its limit: readJson stops reading instead of checking afterwards",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "Form actions sent text/plain, JSON, XML or multipart without a boundary (500s)",
    defence: "The request gate answers 415 with the accepted types; a body that doesn't parse as its type is a 400",
    asvs: "13.1.5",
    test: {
      file: "tests/e2e/bad-requests.spec.ts",
      title: "refuses a form action whose body isn't a form: 415 with a message, and writes nothing",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "PUT, PATCH and DELETE on pages (500s, and sign-out by any method)",
    defence: "Pages take GET and POST only: 405 with Allow",
    asvs: "14.5.1",
    test: {
      file: "tests/e2e/bad-requests.spec.ts",
      title: "refuses methods a page never takes (PUT, PATCH, DELETE) with 405, never a 5xx",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "Reading personal pages and answers (TOTP secret, user pages, /api/users) from a browser or proxy cache",
    defence: "Cache-Control: no-store on every answer; a route opts out only by sending its own, recorded as `cache` in the route table",
    asvs: "8.2.1",
    test: {
      file: "tests/e2e/cache-control.spec.ts",
      title: "refuses to let any answer be cached unless its route opts out: every route × actor, pages, data and actions",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "Caching of personal pages as a browser loads them (documents and Remix data)",
    defence: "The same no-store reaches every document and .data answer",
    asvs: "8.2.1",
    test: {
      file: "tests/e2e/cache-control.spec.ts",
      title: "refuses to cache personal pages in the browser: two-factor set-up, a user's page, sessions, /api/users",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "Invite and reset tokens leaking in the Referer of the page's own requests (logged by reverse proxies)",
    defence: "Referrer-Policy: no-referrer on every path that carries a token",
    asvs: "14.4.6",
    test: {
      file: "tests/e2e/token-sinks.spec.ts",
      title: "refuses to leak invite and reset tokens through the Referer of the page's own requests",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "Junk X-Forwarded-Host (or a proxy rewriting Host) on a same-origin form post: Remix's own origin check threw, a 500",
    defence:
      "One origin check, Porch's, against the public origin; Remix gets the request without the Origin it already judged. A foreign Origin is still 403",
    asvs: "4.2.2",
    test: {
      file: "tests/e2e/bad-requests.spec.ts",
      title: "answers a same-origin form whatever Host and X-Forwarded-Host say (a proxy rewriting Host), and refuses a foreign Origin",
    },
  },
  {
    area: "Requests, origins and headers",
    attack:
      "Methods no route takes (TRACE, TRACK, a lower-case get): Deno's Request refused them inside the gate, a 500 with a stack trace in the log",
    defence: "The gate answers any method outside the exact, upper-case set a route can take with 405, before building anything",
    asvs: "14.5.1",
    test: {
      file: "tests/e2e/bad-requests.spec.ts",
      title: "refuses methods no route takes (TRACE, TRACK, lower-case get) with a 4xx on every route, never a 5xx",
    },
  },
  {
    area: "Requests, origins and headers",
    attack:
      "A webhook URL pointing at Porch's own machine, the LAN or a cloud's metadata service (127.0.0.1, localhost, [::ffff:127.0.0.1], 0.0.0.0, 2130706433, 169.254.169.254, 10.x, fd00::)",
    defence:
      "WEBHOOK_ALLOWED_HOSTS (default: public addresses only) checked on every address the name resolves to; link-local only when written out; refused beside the field (ADR 043)",
    asvs: "12.6.1",
    test: {
      file: "tests/integration/webhooks.test.ts",
      title: "refuses, when saved, addresses on this machine or its networks unless allowed, however they are written",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "A webhook host that resolves to an allowed address when saved and to an internal one later (DNS rebinding)",
    defence: "Checked again at every send on the addresses resolved then; the connection goes to one of those checked addresses",
    asvs: "12.6.1",
    test: {
      file: "tests/integration/webhooks.test.ts",
      title: "checks again when sending: a webhook saved when allowed sends nothing once the address no longer is",
    },
  },
  {
    area: "Requests, origins and headers",
    attack: "A webhook receiver that redirects Porch to an internal address",
    defence: "Redirects are never followed; the log says to give the final address",
    asvs: "12.6.1",
    test: { file: "tests/integration/webhooks.test.ts", title: "never follows a redirect (it could lead anywhere)" },
  },
];
