import { NoSuchObjectError, type Client, type Entry } from "ldapts";
import type { LdapConfig } from "./config";
import { escapeFilterValue, fillFilter } from "./escape";
import { DISABLED_ATTRIBUTES, markedDisabled } from "./disabled";
import { asServiceAccount } from "./ldap.server";

/** What the directory says about an account Porch knows. */
export type DirectoryStanding = "present" | "gone" | "disabled";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GUID_HEX = /^[0-9a-f]{32}$/i;

/** The standing, and for an account still there the name under which it passes the user filter. */
export type DirectoryCheck = { standing: "present"; name: string } | { standing: "gone" | "disabled" };

/**
 * Looks the account up by the identity Porch matched it with (entryUUID, objectGUID, else its DN), never
 * by a name someone typed: "gone" when no such entry is where people are searched, "disabled" when the
 * entry is marked disabled (AD) or no longer passes the user search filter under any name it can sign in
 * with (its username, its mail, the local username), else "present". Directory errors are thrown:
 * unknown is never "gone".
 */
export async function directoryStanding(config: LdapConfig, account: { externalId: string; username: string }): Promise<DirectoryStanding> {
  return (await checkInDirectory(config, account)).standing;
}

export function checkInDirectory(config: LdapConfig, account: { externalId: string; username: string }): Promise<DirectoryCheck> {
  return asServiceAccount(config, async (client) => {
    const entry = await findByIdentity(client, config, account.externalId);
    if (!entry) return { standing: "gone" };
    if (markedDisabled(entry)) return { standing: "disabled" };
    const names = new Set([text(entry[config.usernameAttribute]), text(entry[config.mailAttribute]), account.username]);
    names.delete(null);
    for (const name of names) {
      const filter = fillFilter(config.userSearchFilter, { username: name!, dn: entry.dn });
      const { searchEntries } = await client.search(entry.dn, { scope: "base", filter, attributes: ["1.1"] });
      if (searchEntries.length) return { standing: "present", name: name! };
    }
    return { standing: "disabled" };
  });
}

async function findByIdentity(client: Client, config: LdapConfig, externalId: string): Promise<Entry | null> {
  const attributes = [config.usernameAttribute, config.mailAttribute, ...DISABLED_ATTRIBUTES];
  const byAttribute = async (filter: string) => {
    const { searchEntries } = await client.search(config.userSearchBase, { scope: config.scope, filter, attributes, sizeLimit: 2 });
    return searchEntries[0] ?? null;
  };
  if (UUID.test(externalId)) return byAttribute(`(entryUUID=${escapeFilterValue(externalId)})`);
  // objectGUID is binary: each byte escaped (RFC 4515).
  if (GUID_HEX.test(externalId)) return byAttribute(`(objectGUID=${externalId.replace(/../g, (b) => `\\${b}`)})`);
  try {
    const { searchEntries } = await client.search(externalId, { scope: "base", filter: "(objectClass=*)", attributes });
    return searchEntries[0] ?? null;
  } catch (error) {
    if (error instanceof NoSuchObjectError) return null;
    throw error;
  }
}

function text(value: unknown): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === null || Buffer.isBuffer(v) ? null : String(v);
}
