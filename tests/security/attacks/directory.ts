import type { Attack } from "../catalogue";

export const directory: Attack[] = [
  { area: "Directory (LDAP)", attack: "Five guesses per name of one directory account (uid, then mail, with a filter matching both)", defence: "Counted against the account the directory found, before its password is tried, as well as the name typed", asvs: "2.2.1",
    test: { file: "tests/integration/ldap-names.test.ts", title: "refuses a second set of guesses through another name of the same directory account (uid, then mail)" } },
  { area: "Directory (LDAP)", attack: "Case and Unicode forms of a locked directory name (JÖRG, ｊöｒｇ, jo + combining diaeresis)", defence: "Non-ASCII reaches the directory as UTF-8, and every form shares one lockout key and the found account's", asvs: "2.2.1",
    test: { file: "tests/integration/ldap-names.test.ts", title: "refuses case and compatibility forms of a directory name as a way around its lock (each form signs in before)" } },
  { area: "Directory (LDAP)", attack: "A directory or provider account named to read as another (ｍallory), or renamed to such a name later", defence: "Provisioning refuses ambiguous names and keeps the old name rather than take one", asvs: null,
    test: { file: "tests/integration/usernames.test.ts", title: "refuses a directory account with an ambiguous name, and never renames one to such a name" } },
  { area: "Directory (LDAP)", attack: "Telling directory users from unknown names by how much the sign-in does (no bind for an unknown name)", defence: "An unknown or ambiguous name gets a bind the directory refuses: the same binds and searches as a wrong password (counted)", asvs: null,
    test: { file: "tests/integration/ldap-names.test.ts", title: "refuses telling directory users from unknown names by the directory's work: the same binds and searches either way" } },
];
