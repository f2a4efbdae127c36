import type { Attack } from "../catalogue";

// Issue #20: forward auth (ADR 033). Real nginx and Caddy in front of an app, on both runtimes.
export const protectedApps: Attack[] = [
  {
    area: "Protected apps (forward auth)",
    attack:
      "Reaching a prefix one may not open through a dot segment (/admin/../photos/x), which Porch resolved and the proxy passed raw to an app routing on it",
    defence: "An original address whose path holds a . or .. segment (also as %2e) is refused (400)",
    asvs: "4.1.1",
    test: {
      file: "tests/unit/app-address.test.ts",
      title: "refuses a path holding a . or .. segment, which Porch resolves and an app behind a proxy may not (attack22)",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack:
      "Opening a whole host through a tile whose link reads two ways (/photos%2Fgallery: under /photos with %2F as /, under / as written)",
    defence: "A tile whose link's path reads two ways is stored without a path and counts for no app",
    asvs: "4.1.3",
    test: {
      file: "tests/integration/protected-apps.test.ts",
      title: "counts a tile whose link reads two ways (an encoded slash or backslash) for no app at all (attack21)",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack:
      "Widening what a tile opens by deleting or moving the narrow protected app it links into, so that its link falls under the wider app",
    defence: "Deleting or moving an app releases, in the same transaction, the tiles that fell under it and no longer do",
    asvs: "4.1.3",
    test: {
      file: "tests/integration/protected-apps.test.ts",
      title: "releases the tiles of an app that is deleted or moved: they never open the wider app they then fall under (attack20)",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Getting past a non-ASCII protected prefix with raw UTF-8 in the request line, which nginx passes on and Porch read as Latin-1",
    defence: "An original address holding bytes outside ASCII is refused (400)",
    asvs: "4.1.1",
    test: {
      file: "tests/unit/app-address.test.ts",
      title: "refuses bytes outside ASCII, which Porch and the app would read as different paths (attack20)",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack:
      "Naming an unprotected host with a second trailing dot or an empty label, which the unknown-addresses setting would let through",
    defence: "A host with an empty label is refused (400)",
    asvs: "4.1.1",
    test: {
      file: "tests/unit/app-address.test.ts",
      title: "refuses a host with an empty label: only one trailing dot is DNS's root (attack20)",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack:
      "Opening a whole host through a tile that links into a narrow protected prefix of it (a tile into /photos counted for the app at / too)",
    defence:
      "A tile counts for the one app its link falls under, the longest matching prefix, by the same SQL as a request's address (governingAppSql)",
    asvs: "4.1.3",
    test: {
      file: "tests/integration/protected-apps.test.ts",
      title: "counts a tile for the one app its link falls under, the longest prefix, as for a request (attack19)",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack:
      "Getting past a protected path prefix with a raw # in the request line (/x#/../admin), which Porch read as the path's end and the app read on",
    defence: "An original address holding a raw # is refused (400)",
    asvs: "4.1.1",
    test: {
      file: "tests/unit/app-address.test.ts",
      title: "refuses a fragment: no request line holds one, and the app may read past it where Porch wouldn't (attack17)",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Granting a protected app with an API key that lacks app-protect, by placing a tile with its owner's right",
    defence: "A tile placed through a key counts as placed by nobody unless the key's own permissions hold app-protect",
    asvs: "4.1.3",
    test: {
      file: "tests/integration/protected-apps.test.ts",
      title: "counts a tile placed through an API key only when the key itself may protect apps (attack17)",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack:
      "Turning an editor's link into a granting tile by getting a holder of app-protect to rewrite the board's item list (a reorder through the API)",
    defence: "Rewriting the list keeps each unchanged tile's placer",
    asvs: "4.1.3",
    test: {
      file: "tests/integration/protected-apps.test.ts",
      title: "keeps who placed each tile when the whole list is written again, as a reorder does (attack17)",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack:
      "Signing in to Porch as anyone by sending Remote-User / Remote-Groups to a protected app, which the proxy relays to forward auth from a trusted address (proxy sign-in on)",
    defence: "Identity headers are never read on forward auth's two paths, whatever the peer (ADR 034, amended)",
    asvs: "4.1.3",
    test: {
      file: "tests/e2e/protected-apps.spec.ts",
      title: "attack16: identity headers a client sends through the proxy never sign anyone in to Porch",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack:
      "Making the proxy ask about another app than the one it serves: a Host no nginx block names, or another port under a name Caddy serves",
    defence:
      "README's snippets (and the tests' proxies) name the app the block or site serves: nginx $server_name, Caddy header_up X-Forwarded-Host",
    asvs: "4.1.1",
    test: {
      file: "tests/e2e/protected-apps.spec.ts",
      title: "attack16: the proxy asks about the app it serves, whatever name or port the client writes in Host",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Forging the client address Porch throttles and audits by sending X-Forwarded-For to an app behind nginx",
    defence:
      "README's nginx snippet appends X-Forwarded-For ($proxy_add_x_forwarded_for): the right-most untrusted address is the real client",
    asvs: "2.2.1",
    test: {
      file: "tests/e2e/protected-apps.spec.ts",
      title: "attack16: a client's own X-Forwarded-For through nginx is neither believed nor counted",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Keeping an app one protected after losing app-protect",
    defence: "Creating a protected app grants nothing of its own; app-protect opens every app while held",
    asvs: "4.1.3",
    test: {
      file: "tests/integration/protected-apps.test.ts",
      title: "gives whoever protected an app nothing of their own: losing app-protect loses the app (attack16)",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Learning which path prefixes are protected from the refusal page",
    defence: "The page names the origin asked about, never the protected prefix",
    asvs: "8.3.4",
    test: {
      file: "tests/e2e/protected-apps.spec.ts",
      title: "attack16: the refusal page doesn't tell where a protected path begins",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Keeping an app through an answer Porch remembered: revoked on one instance, asked at another",
    defence:
      "An answer is reused only while the access generation is unchanged; every change to who may open what bumps it in the writing transaction, read in the same snapshot as the facts (ADR 035)",
    asvs: "3.3.1",
    test: {
      file: "tests/integration/access-generation.test.ts",
      title: "read while a change is still uncommitted: the answer read then is dropped once it commits",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Being told to an app as somebody else: another person's email or groups in the identity headers",
    defence:
      "The person's facts ride in the actor's statement with the asker's id bound once (no alias can stand for another row); tested with several confirmed people",
    asvs: "4.1.3",
    test: {
      file: "tests/integration/forward-auth-identity.test.ts",
      title: "by session: each person's own name, email and groups",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Opening a protected app whose tile one can't see, by its URL",
    defence:
      "The proxy asks Porch: no board with a tile linking in, no row, no app-protect → 403 page naming the app; audited once an hour",
    asvs: "4.1.1",
    test: {
      file: "tests/e2e/protected-apps.spec.ts",
      title: "signed in without access: 403, with a page naming the app and what to do; audited once an hour",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack:
      "An app added to the proxy that nobody configured in Porch, or a protected app reached through another of its names (its IP, an alias)",
    defence:
      "Fail closed: an address no protected app covers is refused, administrators included, unless the setting opens it to signed-in people",
    asvs: "4.1.5",
    test: {
      file: "tests/e2e/protected-apps.spec.ts",
      title: "with the setting on, an address nobody protected lets signed-in people through, still never a stranger",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Keeping an app after losing the right to it (group membership, session)",
    defence: "Nothing cached: the next request through either proxy is refused",
    asvs: "3.3.1",
    test: {
      file: "tests/e2e/protected-apps.spec.ts",
      title: "a removed membership or an ended session is refused on the very next request",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Header spoofing: sending Remote-User / Remote-Groups to the app through the proxy",
    defence:
      "Porch always answers all four identity headers (empty when unknown), which the documented proxy configs set over the client's; without a session the headers get nobody in",
    asvs: "4.1.3",
    test: {
      file: "tests/e2e/protected-apps.spec.ts",
      title: "identity headers sent by the client never reach the app as if Porch had said them",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Open redirect through the login's return URL (absolute URLs are allowed now)",
    defence:
      "returnDestination: Porch's own path, or an http(s) URL without user info inside a protected app, checked at every sign-in end and at /auth/continue; anything else goes home",
    asvs: "5.1.5",
    test: {
      file: "tests/e2e/protected-apps.spec.ts",
      title: "the login page returns only into a protected app: any other absolute URL goes home",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Open redirect variants: look-alike hosts, user info, backslashes, another scheme or prefix, dot segments",
    defence: "Each refused by the same function, against real protected apps in PostgreSQL",
    asvs: "5.1.5",
    test: { file: "tests/integration/protected-apps.test.ts", title: "goes back into a protected app, and nowhere else off Porch" },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Cookie-domain misuse: a session domain Porch isn't under, a public suffix, or the other cookies crossing with it",
    defence:
      "AUTH_COOKIE_DOMAIN must be BASE_URL's host or a parent with two labels or more; only the session cookie takes it (__Secure-), the rest stay __Host-",
    asvs: "3.4.5",
    test: {
      file: "tests/unit/cookie-domain.test.ts",
      title: "takes AUTH_COOKIE_DOMAIN only when Porch's own address is under it",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Reaching a protected origin or prefix through another spelling: case, default port, %-escapes, //, dot segments",
    defence: "One address rule for the question, the tiles and the protected apps (appAddress), the same in SQL (property test)",
    asvs: "4.1.3",
    test: { file: "tests/unit/app-address.test.ts", title: "normalizes the ways a path prefix could be stepped around" },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "A question whose host a URL parser reads as another (a@b, a/b, //evil, a backslash)",
    defence: "400 naming what the proxy must send; never answered for a host nobody named",
    asvs: "5.1.1",
    test: {
      file: "tests/unit/app-address.test.ts",
      title: "refuses a question that names no request, or names one a URL parser reads as another host",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "A tile on a look-alike host, or below another prefix, granting the protected app",
    defence: "A tile counts only on the same origin and under the app's prefix",
    asvs: "4.1.3",
    test: {
      file: "tests/integration/protected-apps.test.ts",
      title: "counts a public board for everyone signed in, and a tile on another host or below another prefix for nobody",
    },
  },
];

// Issue #20 part 2: trusted-header sign-in (ADR 034).
export const proxySignIn: Attack[] = [
  {
    area: "Protected apps (forward auth)",
    attack: "Header spoofing: sending Remote-User to Porch from anywhere but the identity-aware proxy",
    defence:
      "Believed only from a socket peer in AUTH_PROXY_TRUSTED_NETWORKS (required, never /0); ignored and audited once per address an hour otherwise",
    asvs: "4.1.3",
    test: {
      file: "tests/e2e/proxy-sign-in.spec.ts",
      title: "identity headers from anywhere but the proxy sign nobody in, and are audited",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Taking over a password account (an admin) by having the proxy name it",
    defence: "Proxy accounts are their own (provider proxy); a name a password account holds is refused with a page saying why",
    asvs: "2.5.1",
    test: { file: "tests/e2e/proxy-sign-in.spec.ts", title: "a name that belongs to a password account here is refused, saying why" },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Acting as the person the proxy names now through a cross-site write, or keeping another person's session after a switch",
    defence: "Only a page load signs in (writes get 401); another name at the proxy ends the browser's session",
    asvs: "3.3.1",
    test: {
      file: "tests/e2e/proxy-sign-in.spec.ts",
      title: "another person at the proxy replaces the session; a write never signs anyone in",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Keeping a group (or admins) after the proxy stops naming it",
    defence: "Mapped groups only; synced again on the request where the proxy's list changes",
    asvs: "4.1.5",
    test: { file: "tests/e2e/proxy-sign-in.spec.ts", title: "a change of groups at the proxy applies on the very next request" },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "A board editor granting a protected app by placing a tile that links into it (attack14)",
    defence: "A tile counts only when someone holding app-protect now placed or last changed it",
    asvs: "4.1.3",
    test: {
      file: "tests/integration/protected-apps.test.ts",
      title: "counts a tile only when someone who may protect apps placed it (attack14: editors can't grant apps)",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack:
      "Parser differentials between the proxy and Porch: request-line host vs Host, encoded /, _ header names, the app's own bearer token",
    defence: "README's snippets ask about what the proxy routed by; both readings of an encoded / must be open; _ variants dropped",
    asvs: "4.1.3",
    test: {
      file: "tests/e2e/protected-apps.spec.ts",
      title: "attack14: what a proxy reads differently from Porch can't carry a request past its rule",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "With unknown addresses let through, reaching a protected host on another port or spelling",
    defence: "A host somebody protected is never unknown, on any port, scheme or with a trailing dot",
    asvs: "4.1.5",
    test: {
      file: "tests/e2e/protected-apps.spec.ts",
      title: "attack14: with addresses nobody protected let through, a protected host is still closed on any port or spelling",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "An email the person typed (someone else's) told to apps that sign people in by email",
    defence: "Remote-Email only when confirmed by mail or given by a directory",
    asvs: "4.1.3",
    test: { file: "tests/e2e/protected-apps.spec.ts", title: "attack14: an email the person only typed never reaches the app" },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "Open redirect through the proxy sign-in's way back (//evil.example/), and names Porch can't use (attack15)",
    defence: "The 303 goes to Porch's own path only (safeRedirect); names follow the username rules, refused with a page, never a 500",
    asvs: "5.1.5",
    test: {
      file: "tests/e2e/proxy-sign-in.spec.ts",
      title: "attack15: the way back after a first sign-in stays on Porch, a name Porch can't use is refused, never a 500",
    },
  },
  {
    area: "Protected apps (forward auth)",
    attack: "A client's own Remote-Groups passed on by a proxy that sets only Remote-User (attack15)",
    defence: "Name, email and groups headers are read only when named in the configuration",
    asvs: "4.1.3",
    test: {
      file: "tests/unit/proxy-identity.test.ts",
      title: "reads only the headers named: a proxy setting Remote-User alone can't have a client's groups passed on (attack15)",
    },
  },
];
