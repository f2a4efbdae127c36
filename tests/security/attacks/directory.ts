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
];
