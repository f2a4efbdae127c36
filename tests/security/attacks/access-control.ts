import type { Attack } from "../catalogue";

export const accessControl: Attack[] = [
  {
    area: "Access control",
    attack: "A non-admin calling admin pages and actions",
    defence: "One guard per loader and action: 403 and nothing changes",
    asvs: "4.1.3",
    test: {
      file: "tests/e2e/manage-security.spec.ts",
      title: "a non-admin gets 403 from every admin page and action, and nothing changes",
    },
  },
  {
    area: "Access control",
    attack: "Any route reached by the wrong actor (incl. API keys without the scope)",
    defence: "Every route of the route table × anonymous, plain user, permission holder, admin, keys with and without it",
    asvs: "4.1.3",
    test: { file: "tests/e2e/route-matrix.spec.ts", title: "every route × actor answers as the route table says" },
  },
  {
    area: "Access control",
    attack: "Opening a board one may not view; writing with too little access",
    defence:
      "No view → 404 like a missing board (names can still be found taken: next entry); refused writes change nothing; every actor × route",
    asvs: "4.2.1",
    test: {
      file: "tests/e2e/board-matrix.spec.ts",
      title: "board routes × actors: statuses as the rules say, refused writes change nothing",
    },
  },
  {
    area: "Access control",
    attack: "Probing board and integration names by creating or renaming to them",
    defence:
      "Stated, not hidden: names are unique, so a probe learns 'taken' and nothing more; hidden and visible names get identical answers (API and forms) and nothing is written",
    asvs: "4.1.3",
    test: {
      file: "tests/e2e/name-probing.spec.ts",
      title:
        "refuses to tell more than 'taken' about a board or integration name one can't see: the same answers as for a visible one, nothing written",
    },
  },
  {
    area: "Access control",
    attack: "Reaching an integration (and its data) without access",
    defence: "No use → 404; every actor × route; refused writes change nothing",
    asvs: "4.2.1",
    test: {
      file: "tests/e2e/integration-matrix.spec.ts",
      title: "integration routes × actors: statuses as the rules say, refused writes change nothing",
    },
  },
  {
    area: "Access control",
    attack: "Reading an integration's data through a shared board",
    defence: "Widget data is fetched only for viewers who may use the integration; others get nothing of it",
    asvs: "4.1.1",
    test: {
      file: "tests/e2e/integrations.spec.ts",
      title: "connect a service, test it, put it on a board; a viewer without use sees a refusal and none of its data",
    },
  },
  {
    area: "Access control",
    attack: "Locking everyone out by removing the last administrator",
    defence: "Changes that would leave no active admin are refused under a lock",
    asvs: null,
    test: {
      file: "tests/integration/manage-users.test.ts",
      title: "refuses to deactivate, delete or demote the last active administrator, and changes nothing",
    },
  },
  {
    area: "Access control",
    attack:
      "A group named to read as a reserved or existing one (ＥＶＥＲＹＯＮＥ, ｇardeners), to be granted what was meant for the other",
    defence: "Group names share the usernames' canonical form (unique in the database) and their refusal of look-alike spellings",
    asvs: null,
    test: {
      file: "tests/integration/groups.test.ts",
      title: "refuses a group whose name reads as an existing one (ＥＶＥＲＹＯＮＥ, ｇardeners), down to the database",
    },
  },
  {
    area: "Access control",
    attack: "A group name that mixes look-alike alphabets or special letter forms (Εveryone with a Greek E, ａdmins)",
    defence: "The group form and API refuse it beside the field",
    asvs: null,
    test: {
      file: "tests/unit/usernames.test.ts",
      title: "refuses group names that read as another: special forms of letters, look-alike alphabets mixed",
    },
  },
  {
    area: "Access control",
    attack: "A board or integration owner using Check a user to learn who is an admin, or who exists",
    defence:
      "One scope rule (directoryScope): a non-admin checks only people the resource shows, answered from its own rows; others answer like nobody; global permissions and status for admins only",
    asvs: "4.1.3",
    test: {
      file: "tests/integration/access-scope.test.ts",
      title: "refuses to tell a non-admin owner who is an admin or who exists: Check a user answers only for people the resource shows",
    },
  },
  {
    area: "Access control",
    attack: "Reading every group's name from the Access tab's group list, or granting a group one can't see by its id",
    defence:
      "The list and the grant go through the same scope: the asker's own groups, everyone, and groups with a row; another id answers like a missing group",
    asvs: "4.1.3",
    test: {
      file: "tests/integration/access-scope.test.ts",
      title: "refuses to show a non-admin owner groups they aren't in, or let them grant one by its id",
    },
  },
  {
    area: "Access control",
    attack: "Adding someone by username to read their display name from the Access tab's page data",
    defence: "Rows name people by username only; nothing else about a person is loaded for the page",
    asvs: "4.1.3",
    test: {
      file: "tests/integration/access-scope.test.ts",
      title: "refuses to hand a row's display name to the page: people are named by username only",
    },
  },
  {
    area: "Access control",
    attack: "The same probes through the Access pages in a browser (boards and integrations), forms forced by hand",
    defence: "The pages show only the scope and say so; a forced hidden group id is a 400 beside the form and writes nothing",
    asvs: "4.1.3",
    test: {
      file: "tests/e2e/access-scope.spec.ts",
      title: "refuses to show a non-admin owner who is an admin, other people or hidden groups on the Access tabs",
    },
  },
  {
    area: "Access control",
    attack: "A board viewer reading an item limited to others: the page, its .data, the JSON API, Check a user's list (issue #22)",
    defence: "One rule (seesItem) applied where items are loaded: the item never leaves the server; editors see it with who it's for",
    asvs: "4.2.1",
    test: {
      file: "tests/e2e/item-visibility.spec.ts",
      title: "who sees an item, over HTTP: the form, the page and the JSON API agree, and a viewer can't change it",
    },
  },
  {
    area: "Access control",
    attack:
      "Opening a protected app through a tile hidden from you, as a viewer, an editor outside its audience, or with a narrow key (issue #22)",
    defence:
      "Forward auth counts a tile only for its audience, whatever the board level; a key not acting as its owner only tiles for everyone",
    asvs: "4.2.1",
    test: {
      file: "tests/integration/item-visibility.test.ts",
      title: "opens it for the tile's audience only: not for other viewers, not for an editor outside it, not for a narrow key",
    },
  },
  {
    area: "Access control",
    attack: "An editor without app-protect widening a limited tile's audience (to themselves) to open its protected app (issue #22)",
    defence: "Changing who sees an app tile makes the changer its placer (ADR 033): from someone without app-protect it opens nothing",
    asvs: "4.2.1",
    test: {
      file: "tests/integration/item-visibility.test.ts",
      title: "an editor without app-protect who widens the audience makes the tile open nothing (its placer's call, ADR 033)",
    },
  },
  {
    area: "Access control",
    attack: "Rewriting a board's item list through the API with a tile's audience widened, keeping its placer (issue #22)",
    defence: "The rewrite keeps a tile's placer only when it comes back with the same link and the same audience",
    asvs: "4.2.1",
    test: {
      file: "tests/integration/item-visibility.test.ts",
      title: "the API's list rewrite keeps the placer only for a tile written back with the same audience",
    },
  },
  {
    area: "Access control",
    attack: "A limited item whose groups and people were all deleted falling back to everyone (issue #22)",
    defence: "Limited stays limited: with nobody left it shows to the board's editors only",
    asvs: "4.2.1",
    test: {
      file: "tests/integration/item-visibility.test.ts",
      title: "an item whose people and groups are all deleted stays limited: editors only, never everyone",
    },
  },
  {
    area: "Access control",
    attack: "Naming hidden groups or unknown people in an item's audience to learn they exist (issue #22)",
    defence: "The Access tab's rule (directoryScope) decides who may be named; anything else answers like a name nobody has",
    asvs: "4.2.1",
    test: {
      file: "tests/integration/item-visibility.test.ts",
      title: "names are checked as on the Access tab: unknown people and groups the asker can't see are refused, each named",
    },
  },
  {
    area: "Access control",
    attack: "A group renamed to `everyone` plus a zero-width space, reading as the built-in group (attack31)",
    defence: "Names with invisible, format or control characters are refused beside the field",
    asvs: "5.1.3",
    test: {
      file: "tests/unit/usernames-invisible.test.ts",
      title: "refuses zero-width, joiner, direction and control characters in any name",
    },
  },
  {
    area: "Access control",
    attack:
      "A script that rewrites a board's item list without `visibleTo` (written before audiences) showing every limited item to everyone (attack32)",
    defence:
      "An item sent back without `visibleTo` keeps the audience of the item it was (its id, else the same content); only null widens; the audit lists each change",
    asvs: "4.2.1",
    test: {
      file: "tests/integration/item-visibility.test.ts",
      title: "the API's list rewrite keeps an audience unless told, records who sees what where it changed, and lists active people only",
    },
  },
  {
    area: "Access control",
    attack: "A board owner who isn't an administrator learning who is in a hidden group through Check a user or View as (attack32)",
    defence: "Items limited to groups beyond the owner's Access tab are left out and counted, the same for members and strangers",
    asvs: "4.2.1",
    test: {
      file: "tests/integration/item-visibility.test.ts",
      title: "Check a user and View as never tell an owner who is in a group they can't see: such items are left out and counted",
    },
  },
  {
    area: "Access control",
    attack: 'An editor at modify reading the groups with rows on the board from the "Who sees it" choices (attack32)',
    defence:
      "An editor at modify chooses only `everyone`, their own groups and those already on items; the Access tab's list is for owners",
    asvs: "4.2.1",
    test: {
      file: "tests/integration/item-visibility.test.ts",
      title: "an editor at modify may choose only `everyone`, their own groups and those already on items; an owner the Access tab's",
    },
  },
  {
    area: "Access control",
    attack: "Using a display link's token elsewhere: as a session cookie, an API key, in a query, on another path (issue #22)",
    defence: "The token is looked up on /display/:token only; every other route answers it exactly as it answers anyone",
    asvs: "4.1.3",
    test: {
      file: "tests/e2e/route-matrix.spec.ts",
      title: "a display link's token is worth nothing anywhere but its own display: every route answers it as it answers a made-up one",
    },
  },
  {
    area: "Access control",
    attack:
      "Guessing or reusing a display link: a made-up token, a revoked or expired one, one whose maker left or lost the board (issue #22)",
    defence: "32 random base32 characters, kept as SHA-256; every request re-checks expiry, the maker's status and full access",
    asvs: "3.5.2",
    test: {
      file: "tests/integration/display-links.test.ts",
      title: "work no more once revoked or expired, once the creator is deactivated or loses full access, or for a made-up token",
    },
  },
  {
    area: "Access control",
    attack: "A display link showing limited items, or widget data after its maker lost the integration (issue #22)",
    defence: "Only items for everyone who sees the board; widgets only when chosen, with the maker's access read on every request",
    asvs: "4.2.1",
    test: {
      file: "tests/integration/display-links.test.ts",
      title: "show widget data only as a creator who still may use the integration, checked on every request",
    },
  },
  {
    area: "Access control",
    attack:
      "An API key without its owner's access making a display link that shows widget data as the owner, and outliving the key (attack33)",
    defence: "Such a key can't choose widget data as the owner; a link made with a key ends with it",
    asvs: "4.2.1",
    test: {
      file: "tests/e2e/display-links.spec.ts",
      title: "display links over HTTP: the API makes and revokes them, and a link opens its display and nothing else",
    },
  },
  {
    area: "Access control",
    attack:
      "Reloading a display without end to call the maker's integrations with their credentials; a demoted maker's link coming back with their access (attack33)",
    defence: "12 loads a minute per link, then 429; a link found without its maker's access is deleted, audited",
    asvs: "11.1.4",
    test: {
      file: "tests/integration/display-links.test.ts",
      title: "note each use (time, address), audit it at most once an hour, and refuse a 13th load in a minute (attack33)",
    },
  },
  {
    area: "Access control",
    attack:
      "An editor without `use` on an integration un-limiting a widget so a display shows its data to anyone, as the display's maker (attack34)",
    defence: "Changing who sees a widget needs `use` on its integration, as placing it does",
    asvs: "4.2.1",
    test: {
      file: "tests/integration/display-links.test.ts",
      title: "an editor without `use` can't change who sees a widget (a display shows its data as its maker)",
    },
  },
  {
    area: "Access control",
    attack:
      "A display showing widget data as a maker a group holds back, or coming back after the maker was deactivated and reactivated unseen (attack34)",
    defence:
      "No widget data while the maker is held back; deactivation deletes the maker's links at once (a database trigger, whoever deactivates)",
    asvs: "4.2.1",
    test: {
      file: "tests/integration/display-links.test.ts",
      title: "a maker held back by a group's two-factor rule shows no widget data; deactivating the maker ends their links at once",
    },
  },
  {
    area: "Access control",
    attack: "A display link kept unopened while its maker loses full access and gets it back, to find it working again (attack34)",
    defence: "A sweep every minute deletes links by the same rule their loads apply; deactivation deletes them at once",
    asvs: "4.2.1",
    test: {
      file: "tests/integration/display-links.test.ts",
      title: "the minute's sweep deletes a link whose maker lost full access, so getting it back unseen revives nothing (attack34)",
    },
  },
  {
    area: "Access control",
    attack:
      "An API key granted less than its owner making a display that shows the owner's wider integration access; a down status check quoting its address on a display (attack35)",
    defence: "A link made with a key has the key's access (its grants within the owner's); a display shows no service's own words",
    asvs: "4.2.1",
    test: {
      file: "tests/integration/display-links.test.ts",
      title: "a link made with a key has no more than the key: its grants within the owner's, and never a service's own words (attack35)",
    },
  },
  {
    area: "Access control",
    attack: "Changing what the provisioning file manages from Manage or the JSON API (a group's permissions, a service account's groups)",
    defence:
      "The models refuse it to anyone but the provisioner (ManagedByFileError, 409 in the API); ending a service account's access stays possible",
    asvs: "4.1.1",
    test: {
      file: "tests/integration/provisioning.test.ts",
      title: "is refused to the pages and the API (same models), except ending a service account's access and group members",
    },
  },
  {
    area: "Access control",
    attack:
      "Locking every administrator out through the provisioning file: a passkey requirement none of them meets, or admin left only to a service account",
    defence:
      "The last-administrator guard counts people who can sign in and get past their groups' passkey requirement; the file is refused at that entry's line",
    asvs: "4.1.5",
    test: {
      file: "tests/integration/provisioning.test.ts",
      title:
        "never leaves Porch without a person who can sign in as administrator: not by a passkey nobody has, nor a service account's admin (attack45)",
    },
  },
];
