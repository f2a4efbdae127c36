import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { checkServerIdentity, type ConnectionOptions } from "node:tls";
import { Client, InvalidCredentialsError } from "ldapts";
import type { LdapConfig } from "./config";
import { DISABLED_ATTRIBUTES, markedDisabled } from "./disabled";
import { randomToken } from "../tokens.server";
import { fillFilter } from "./escape";

/** Where an LDAP sign-in failed, in words an admin can act on. People see only a generic message. */
export class LdapError extends Error {
  constructor(
    readonly step: "input" | "connect" | "service bind" | "user search" | "lockout" | "user bind" | "group search",
    readonly kind: "refused" | "unreachable",
    detail: string,
  ) {
    super(`${step} failed: ${detail}`);
    this.name = "LdapError";
  }
}

export interface DirectoryUser {
  dn: string;
  /** The entry's stable id (stableIdOf): how the local account is matched, never the DN. */
  externalId: string;
  /** The attribute externalId was read from (entryUUID, objectGUID…). */
  externalIdAttribute?: string;
  username: string;
  email: string | null;
  displayName: string | null;
  groups: string[];
}

const work = { binds: 0, searches: 0 };
/** Binds and searches this process has sent: tests compare the work of each sign-in path. */
export function directoryWork(): { binds: number; searches: number } {
  return { ...work };
}

function describe(error: unknown): string {
  const e = error as { code?: number | string; message?: string };
  if (error instanceof InvalidCredentialsError) return "invalid credentials (49)";
  const code = typeof e?.code === "number" ? ` (${e.code})` : e?.code ? ` (${e.code})` : "";
  return `${(e?.message ?? String(error)).replace(/\s+/g, " ").slice(0, 200)}${code}`;
}

// Anything but a refusal by the directory itself: the person can do nothing about these.
const UNREACHABLE = /ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|timeout|timed out|socket|closed|certificate|TLS|SSL/i;

function first(value: unknown): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v === null) return null;
  return Buffer.isBuffer(v) ? v.toString("hex") : String(v);
}

/** Asked once the search found the entry, before the password is tried: false stops the sign-in. */
export type Admit = (found: { dn: string; username: string }) => Promise<boolean>;

/**
 * Signs a directory user in: service bind, search the user (exactly one entry), `admit` (the lockout of
 * the account found, whatever name found it), bind as them, read their groups. Never sends an empty
 * password (an anonymous bind many servers accept). Always unbinds.
 */
export async function ldapSignIn(
  config: LdapConfig,
  username: string,
  password: string,
  options: { admit?: Admit } = {},
): Promise<DirectoryUser> {
  if (!password) throw new LdapError("input", "refused", "empty password refused before contacting the server");
  return lookUp(config, username, password, options.admit);
}

/** The admin tools' "Find user" and "Sync now": the same lookup, with the service account only. */
export function findDirectoryUser(config: LdapConfig, username: string): Promise<DirectoryUser> {
  return lookUp(config, username, null);
}

/** "Test connection": the service account binds and the base entry exists. */
export async function testDirectoryConnection(config: LdapConfig): Promise<string> {
  return asServiceAccount(config, async (client) => {
    const { searchEntries } = await client.search(config.base, { scope: "base", attributes: ["objectClass"] });
    if (!searchEntries.length) throw new LdapError("user search", "refused", `the base ${config.base} does not exist`);
    return `Connected to ${config.uri}${config.startTls ? " (StartTLS)" : ""}, bound as ${config.bindDn}, found ${config.base}.`;
  });
}

/**
 * TLS for both ldaps:// and StartTLS, checked against the host of AUTH_LDAP_URI. StartTLS upgrades a
 * socket that is already open, so Node can't know the host and would check the certificate against
 * "localhost": the name must be given. SNI carries names only, never addresses.
 */
export function tlsOptionsFor(config: LdapConfig): ConnectionOptions {
  const host = new URL(config.uri).hostname.replace(/^\[(.*)\]$/, "$1");
  return {
    host,
    ...(isIP(host) ? {} : { servername: host }),
    checkServerIdentity: (_name, cert) => checkServerIdentity(host, cert),
    rejectUnauthorized: config.rejectUnauthorized,
    ...(config.caFile ? { ca: [readFileSync(config.caFile)] } : {}),
  };
}

function clientFor(config: LdapConfig): Client {
  // ldapts speaks TLS from the start whenever tlsOptions is given, so only for ldaps://.
  const client = new Client({
    url: config.uri,
    timeout: config.timeoutMs,
    connectTimeout: config.timeoutMs,
    ...(config.uri.startsWith("ldaps://") ? { tlsOptions: tlsOptionsFor(config) } : {}),
  });
  const bind = client.bind.bind(client);
  const search = client.search.bind(client);
  client.bind = (...args: Parameters<Client["bind"]>) => (work.binds++, bind(...args));
  client.search = (...args: Parameters<Client["search"]>) => (work.searches++, search(...args));
  return client;
}

function asLdapError(error: unknown, step: LdapError["step"]): LdapError {
  if (error instanceof LdapError) return error;
  const detail = describe(error);
  return new LdapError(step, step === "connect" || UNREACHABLE.test(detail) ? "unreachable" : "refused", detail);
}

/** What directories call an entry's permanent id: OpenLDAP, Active Directory, 389-ds, FreeIPA. */
const STABLE_ID_ATTRIBUTES = ["entryUUID", "objectGUID", "nsUniqueId", "ipaUniqueID"];
const idAttributes = (config: LdapConfig) => (config.uniqueIdAttribute ? [config.uniqueIdAttribute] : STABLE_ID_ATTRIBUTES);

/**
 * The entry's permanent id. Never the DN: a DN comes back when someone else gets a leaver's uid, and
 * the newcomer would inherit the account and its keys. Without one, the sign-in is refused.
 */
function stableIdOf(entry: { dn: string } & Record<string, unknown>, config: LdapConfig): { value: string; attribute: string } {
  for (const attribute of idAttributes(config)) {
    const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
    const value = key ? first(entry[key]) : null;
    if (value) return { value, attribute };
  }
  throw new LdapError(
    "user search",
    "unreachable",
    `the directory shows no stable id for ${entry.dn} (${idAttributes(config).join(", ")}): grant the service account read access to it, or name another in AUTH_LDAP_UNIQUE_ID_ATTRIBUTE`,
  );
}

async function lookUp(config: LdapConfig, username: string, password: string | null, admit?: Admit): Promise<DirectoryUser> {
  if (!username.trim()) throw new LdapError("input", "refused", "empty username");
  const tlsOptions = tlsOptionsFor(config);
  const client = clientFor(config);
  let step: LdapError["step"] = "connect";
  try {
    if (config.startTls) await client.startTLS(tlsOptions);
    step = "service bind";
    await client.bind(config.bindDn, config.bindPassword);
    step = "user search";
    const attributes = [
      config.usernameAttribute,
      config.mailAttribute,
      config.displayNameAttribute,
      ...idAttributes(config),
      ...DISABLED_ATTRIBUTES,
    ];
    const { searchEntries } = await client.search(config.userSearchBase, {
      scope: config.scope,
      filter: fillFilter(config.userSearchFilter, { username }),
      attributes,
      explicitBufferAttributes: ["objectGUID"], // binary: always hex, never decoded as text
      sizeLimit: 2,
    });
    // A disabled account is no account here: it is refused as an unknown name is, at the same cost.
    const disabled = searchEntries.length === 1 && markedDisabled(searchEntries[0]);
    if (searchEntries.length !== 1 || disabled) {
      // A sign-in bind the directory will refuse, so that an unknown name costs the same round trips as a
      // wrong password (a random password: the one typed was not meant for this DN).
      if (password !== null) await client.bind(`cn=porch-no-such-entry,${config.userSearchBase}`, randomToken()).catch(() => {});
      throw new LdapError(
        "user search",
        "refused",
        disabled
          ? "the entry is disabled (userAccountControl)"
          : searchEntries.length
            ? `user search returned ${searchEntries.length} entries`
            : "no entry matches the filter",
      );
    }
    const entry = searchEntries[0];
    step = "lockout";
    if (admit && !(await admit({ dn: entry.dn, username: first(entry[config.usernameAttribute]) ?? username }))) {
      throw new LdapError("lockout", "refused", "the account is locked; its password was not tried");
    }
    const stableId = stableIdOf(entry, config);
    if (password !== null) {
      step = "user bind";
      await client.bind(entry.dn, password);
    }
    let groups: string[] = [];
    if (config.groupSearchFilter && config.groupSearchBase) {
      step = "group search";
      // Back to the service account: the user may not be allowed to read groups.
      await client.bind(config.bindDn, config.bindPassword);
      const found = await client.search(config.groupSearchBase, {
        scope: config.scope,
        filter: fillFilter(config.groupSearchFilter, { username: first(entry[config.usernameAttribute]) ?? username, dn: entry.dn }),
        attributes: [config.groupNameAttribute],
      });
      groups = found.searchEntries.map((g) => first(g[config.groupNameAttribute])).filter((g): g is string => Boolean(g));
    }
    return {
      dn: entry.dn,
      externalId: stableId.value,
      externalIdAttribute: stableId.attribute,
      username: first(entry[config.usernameAttribute]) ?? username,
      email: first(entry[config.mailAttribute]),
      displayName: first(entry[config.displayNameAttribute]),
      groups,
    };
  } catch (error) {
    // The lockout's own failure (the database) is not the directory's.
    if (step === "lockout" && !(error instanceof LdapError)) throw error;
    throw asLdapError(error, step);
  } finally {
    await client.unbind().catch(() => {});
  }
}

/** Runs `fn` with a client bound as the service account (StartTLS first when configured); always unbinds. */
export async function asServiceAccount<T>(config: LdapConfig, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = clientFor(config);
  let step: LdapError["step"] = "connect";
  try {
    if (config.startTls) await client.startTLS(tlsOptionsFor(config));
    step = "service bind";
    await client.bind(config.bindDn, config.bindPassword);
    step = "user search";
    return await fn(client);
  } catch (error) {
    throw asLdapError(error, step);
  } finally {
    await client.unbind().catch(() => {});
  }
}
