import type { Entry } from "ldapts";

/** Active Directory's userAccountControl flag ACCOUNTDISABLE (0x2). */
const ACCOUNT_DISABLE = 0x2;
export const DISABLED_ATTRIBUTES = ["userAccountControl"];

/**
 * An entry Active Directory marks disabled (userAccountControl bit 2). Read from the entry rather than put
 * in the filter: AD's bitwise matching rule is unknown to OpenLDAP, where it would hide every entry. Other
 * directories' marks (nsAccountLock, a lock time) go in AUTH_LDAP_DISABLED_FILTER, part of the user filter.
 */
export function markedDisabled(entry: Entry): boolean {
  const raw = entry.userAccountControl;
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(value) && (value & ACCOUNT_DISABLE) !== 0;
}
