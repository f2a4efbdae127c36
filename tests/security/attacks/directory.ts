import type { Attack } from "../catalogue";

export const directory: Attack[] = [
  {
    area: "Directory (LDAP)",
    attack: "Five guesses per name of one directory account (uid, then mail, with a filter matching both)",
    defence: "Counted against the account the directory found, before its password is tried, as well as the name typed",
    asvs: "2.2.1",
    test: {
      file: "tests/integration/ldap-names.test.ts",
      title: "refuses a second set of guesses through another name of the same directory account (uid, then mail)",
    },
  },
  {
    area: "Directory (LDAP)",
    attack: "Case and Unicode forms of a locked directory name (JÖRG, ｊöｒｇ, jo + combining diaeresis)",
    defence: "Non-ASCII reaches the directory as UTF-8, and every form shares one lockout key and the found account's",
    asvs: "2.2.1",
    test: {
      file: "tests/integration/ldap-names.test.ts",
      title: "refuses case and compatibility forms of a directory name as a way around its lock (each form signs in before)",
    },
  },
  {
    area: "Directory (LDAP)",
    attack: "A directory or provider account named to read as another (ｍallory), or renamed to such a name later",
    defence: "Provisioning refuses ambiguous names and keeps the old name rather than take one",
    asvs: null,
    test: {
      file: "tests/integration/usernames.test.ts",
      title: "refuses a directory account with an ambiguous name, and never renames one to such a name",
    },
  },
  {
    area: "Directory (LDAP)",
    attack: "Telling directory users from unknown names by how much the sign-in does (no bind for an unknown name)",
    defence: "An unknown or ambiguous name gets a bind the directory refuses: the same binds and searches as a wrong password (counted)",
    asvs: null,
    test: {
      file: "tests/integration/ldap-names.test.ts",
      title: "refuses telling directory users from unknown names by the directory's work: the same binds and searches either way",
    },
  },
  {
    area: "Directory (LDAP)",
    attack: "A man in the middle answering StartTLS or LDAPS with a certificate for another host (e.g. localhost)",
    defence: "tlsOptionsFor() checks the certificate against the host of AUTH_LDAP_URI for StartTLS and LDAPS alike",
    asvs: "9.2.1",
    test: {
      file: "tests/integration/ldap-tls.test.ts",
      title: "refuses a certificate made out to another host (localhost) over StartTLS and LDAPS, before any password is sent",
    },
  },
  {
    area: "Directory (LDAP)",
    attack: "Joining a local group, admins included, through a directory group of the same name",
    defence: "Only groups an admin mapped for LDAP (and AUTH_LDAP_ADMIN_GROUP) are synced: mappedGroupIds()",
    asvs: "4.1.2",
    test: {
      file: "tests/integration/directory-groups.test.ts",
      title: "refuses to put an LDAP user into local groups named like their directory groups, admins included",
    },
  },
  {
    area: "Directory (LDAP)",
    attack: "Keeping admin rights won through a same-name group before the upgrade",
    defence: "Migration 0019 ends every directory or provider membership no mapping for that provider explains, and audits it",
    asvs: "4.1.2",
    test: {
      file: "tests/integration/directory-groups.test.ts",
      title: "refuses to keep memberships that came from a same-name match: they end at the upgrade, audited; LDAP mappings stay",
    },
  },
  {
    area: "Directory (LDAP)",
    attack: "A newcomer given a leaver's reused DN inheriting the old account and its API keys (directory hides entryUUID/objectGUID)",
    defence:
      "Accounts are keyed by the entry's stable id (entryUUID, objectGUID, nsUniqueId, ipaUniqueID or AUTH_LDAP_UNIQUE_ID_ATTRIBUTE); without one the sign-in is refused, never keyed by DN",
    asvs: null,
    test: {
      file: "tests/integration/ldap-identity.test.ts",
      title: "refuses a directory entry that shows no stable id, rather than keying the account by its DN",
    },
  },
  {
    area: "Directory (LDAP)",
    attack:
      "Keeping a leaver's access by giving another directory account a name Porch can't store (over 64 characters): the sync's refresh failed and rolled back every departure (attack41)",
    defence:
      "Each account is refreshed in its own savepoint and a failure is skipped and logged; a name too long is never written (the account keeps its name; a first sign-in is refused in words)",
    asvs: "7.4.1",
    test: {
      file: "tests/integration/directory-sync.test.ts",
      title: "refuses to let one account that can't be refreshed (a name over 64 characters) undo the departures of a run (attack41)",
    },
  },
  {
    area: "Directory (LDAP)",
    attack: "A directory that is down, or a search base or filter changed by mistake, deactivating everyone",
    defence:
      "Everything is read before anything changes; a run past AUTH_LDAP_SYNC_MAX_DEACTIVATE applies nothing until an administrator applies it (ADR 041)",
    asvs: null,
    test: {
      file: "tests/integration/directory-sync.test.ts",
      title: "refuses to apply a run that would deactivate more than the limit, says so, and applies it when an administrator insists",
    },
  },
];
