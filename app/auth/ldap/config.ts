import * as v from "valibot";
import { MINUTE, parseDuration } from "~/utils/time";

/** LDAP settings, from AUTH_LDAP_* (Homarr v1's names accepted where noted). */
export interface LdapConfig {
  uri: string;
  bindDn: string;
  bindPassword: string;
  base: string;
  userSearchBase: string;
  userSearchFilter: string;
  groupSearchBase: string | null;
  groupSearchFilter: string | null;
  scope: "base" | "one" | "sub";
  usernameAttribute: string;
  mailAttribute: string;
  displayNameAttribute: string;
  groupNameAttribute: string;
  startTls: boolean;
  caFile: string | null;
  rejectUnauthorized: boolean;
  timeoutMs: number;
  adminGroup: string | null;
  /** The attribute that identifies an entry for good; null: entryUUID, objectGUID, nsUniqueId or ipaUniqueID. */
  uniqueIdAttribute: string | null;
  /** How often every directory account is looked up again (ADR 041); 0: never. */
  syncIntervalMs: number;
  /** The most accounts one sync may deactivate: a share of those it checks, or a number. */
  syncMaxDeactivate: { percent: number } | { count: number };
}

export const LDAP_VARIABLES = [
  "AUTH_LDAP_URI",
  "AUTH_LDAP_BIND_DN",
  "AUTH_LDAP_BIND_PASSWORD",
  "AUTH_LDAP_BASE",
  "AUTH_LDAP_USER_SEARCH_BASE",
  "AUTH_LDAP_USER_SEARCH_FILTER",
  "AUTH_LDAP_GROUP_SEARCH_BASE",
  "AUTH_LDAP_GROUP_SEARCH_FILTER",
  "AUTH_LDAP_SEARCH_SCOPE",
  "AUTH_LDAP_USERNAME_ATTRIBUTE",
  "AUTH_LDAP_USER_MAIL_ATTRIBUTE",
  "AUTH_LDAP_DISPLAY_NAME_ATTRIBUTE",
  "AUTH_LDAP_GROUP_NAME_ATTRIBUTE",
  "AUTH_LDAP_STARTTLS",
  "AUTH_LDAP_TLS_CA_FILE",
  "AUTH_LDAP_TLS_REJECT_UNAUTHORIZED",
  "AUTH_LDAP_TIMEOUT",
  "AUTH_LDAP_ADMIN_GROUP",
  "AUTH_LDAP_UNIQUE_ID_ATTRIBUTE",
  "AUTH_LDAP_DISABLED_FILTER",
  "AUTH_LDAP_SYNC_INTERVAL",
  "AUTH_LDAP_SYNC_MAX_DEACTIVATE",
  // Homarr v1 aliases, mapped onto the filters below.
  "AUTH_LDAP_USERNAME_FILTER_EXTRA_ARG",
  "AUTH_LDAP_GROUP_CLASS",
  "AUTH_LDAP_GROUP_MEMBER_ATTRIBUTE",
  "AUTH_LDAP_GROUP_MEMBER_USER_ATTRIBUTE",
  "AUTH_LDAP_GROUP_FILTER_EXTRA_ARG",
] as const;

const yes = (s: string | undefined, fallback: boolean) => (s === undefined ? fallback : ["true", "1", "yes"].includes(s.toLowerCase()));

/** Checks the LDAP variables; every problem is one line naming its variable. */
export function parseLdapConfig(env: Record<string, string>): { config: LdapConfig | null; errors: string[] } {
  const errors: string[] = [];
  const need = (name: string) => {
    if (!env[name]) errors.push(`${name} is required when AUTH_PROVIDERS contains ldap`);
    return env[name] ?? "";
  };
  const uri = need("AUTH_LDAP_URI");
  if (uri && !/^ldaps?:\/\/[^/]+\/?$/.test(uri))
    errors.push(`AUTH_LDAP_URI must look like ldap://host:389 or ldaps://host:636 (got "${uri}")`);
  const bindDn = need("AUTH_LDAP_BIND_DN");
  const bindPassword = need("AUTH_LDAP_BIND_PASSWORD");
  const base = need("AUTH_LDAP_BASE");
  const scope = env.AUTH_LDAP_SEARCH_SCOPE ?? "sub";
  if (!v.is(v.picklist(["base", "one", "sub"]), scope)) errors.push(`AUTH_LDAP_SEARCH_SCOPE must be base, one or sub (got "${scope}")`);
  const timeout = env.AUTH_LDAP_TIMEOUT ?? "5000";
  if (!/^\d+$/.test(timeout) || Number(timeout) < 100)
    errors.push(`AUTH_LDAP_TIMEOUT must be milliseconds, at least 100 (got "${timeout}")`);
  const usernameAttribute = env.AUTH_LDAP_USERNAME_ATTRIBUTE ?? "uid";
  // Homarr v1: a filter assembled from the username attribute and an extra argument.
  const extra = env.AUTH_LDAP_USERNAME_FILTER_EXTRA_ARG;
  const userSearchFilter =
    env.AUTH_LDAP_USER_SEARCH_FILTER ?? (extra ? `(&(${usernameAttribute}={{username}})${extra})` : `(${usernameAttribute}={{username}})`);
  if (!/\{\{username\}\}/.test(userSearchFilter)) errors.push("AUTH_LDAP_USER_SEARCH_FILTER must contain {{username}}");
  // Disabled accounts (nsAccountLock, an employeeType, a lock time…) are folded into the user filter: every
  // lookup, sign-in and sync alike, refuses them in one place. AD's userAccountControl is read as well.
  const disabledFilter = env.AUTH_LDAP_DISABLED_FILTER?.trim();
  if (disabledFilter && !/^\(.*\)$/s.test(disabledFilter))
    errors.push(`AUTH_LDAP_DISABLED_FILTER must be an LDAP filter in parentheses, e.g. (nsAccountLock=TRUE) (got "${disabledFilter}")`);
  const syncInterval = (env.AUTH_LDAP_SYNC_INTERVAL ?? "1h").trim();
  const syncIntervalMs = syncInterval === "0" ? 0 : parseDuration(syncInterval);
  if (syncIntervalMs === null || (syncIntervalMs > 0 && syncIntervalMs < MINUTE))
    errors.push(`AUTH_LDAP_SYNC_INTERVAL must be 0 (off) or a duration of a minute or more, like 1h or 30m (got "${syncInterval}")`);
  const maxDeactivate = parseShare(env.AUTH_LDAP_SYNC_MAX_DEACTIVATE ?? "10%");
  if (!maxDeactivate)
    errors.push(
      `AUTH_LDAP_SYNC_MAX_DEACTIVATE must be a share like 10% or a number of accounts like 5 (got "${env.AUTH_LDAP_SYNC_MAX_DEACTIVATE}")`,
    );
  const uniqueId = env.AUTH_LDAP_UNIQUE_ID_ATTRIBUTE;
  if (uniqueId && !/^[A-Za-z][A-Za-z0-9-]*$/.test(uniqueId))
    errors.push(`AUTH_LDAP_UNIQUE_ID_ATTRIBUTE must be an attribute name (got "${uniqueId}")`);
  let groupSearchFilter = env.AUTH_LDAP_GROUP_SEARCH_FILTER ?? null;
  if (!groupSearchFilter && env.AUTH_LDAP_GROUP_CLASS) {
    const memberAttribute = env.AUTH_LDAP_GROUP_MEMBER_ATTRIBUTE ?? "member";
    const memberValue = (env.AUTH_LDAP_GROUP_MEMBER_USER_ATTRIBUTE ?? "dn") === "dn" ? "{{dn}}" : "{{username}}";
    groupSearchFilter = `(&(objectClass=${env.AUTH_LDAP_GROUP_CLASS})(${memberAttribute}=${memberValue})${env.AUTH_LDAP_GROUP_FILTER_EXTRA_ARG ?? ""})`;
  }
  if (errors.length) return { config: null, errors };
  return {
    config: {
      uri,
      bindDn,
      bindPassword,
      base,
      userSearchBase: env.AUTH_LDAP_USER_SEARCH_BASE ?? base,
      userSearchFilter: disabledFilter ? `(&${userSearchFilter}(!${disabledFilter}))` : userSearchFilter,
      groupSearchBase: groupSearchFilter ? (env.AUTH_LDAP_GROUP_SEARCH_BASE ?? base) : null,
      groupSearchFilter,
      scope: scope as LdapConfig["scope"],
      usernameAttribute,
      mailAttribute: env.AUTH_LDAP_USER_MAIL_ATTRIBUTE ?? "mail",
      displayNameAttribute: env.AUTH_LDAP_DISPLAY_NAME_ATTRIBUTE ?? "cn",
      groupNameAttribute: env.AUTH_LDAP_GROUP_NAME_ATTRIBUTE ?? "cn",
      startTls: yes(env.AUTH_LDAP_STARTTLS, false),
      caFile: env.AUTH_LDAP_TLS_CA_FILE ?? null,
      rejectUnauthorized: yes(env.AUTH_LDAP_TLS_REJECT_UNAUTHORIZED, true),
      timeoutMs: Number(timeout),
      adminGroup: env.AUTH_LDAP_ADMIN_GROUP ?? null,
      uniqueIdAttribute: env.AUTH_LDAP_UNIQUE_ID_ATTRIBUTE || null,
      syncIntervalMs: syncIntervalMs ?? 0,
      syncMaxDeactivate: maxDeactivate!,
    },
    errors: [],
  };
}

/** "10%" → a share, "5" → a number of accounts; null for anything else. */
function parseShare(text: string): LdapConfig["syncMaxDeactivate"] | null {
  const match = /^\s*(\d{1,3})\s*(%?)\s*$/.exec(text);
  if (!match) return null;
  const n = Number(match[1]);
  if (match[2]) return n <= 100 ? { percent: n } : null;
  return { count: n };
}
