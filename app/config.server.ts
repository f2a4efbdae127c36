import { readFileSync } from "node:fs";
import * as v from "valibot";
import { DAY, HOUR, MINUTE, parseDuration } from "~/utils/time";
import { maskPassword } from "~/utils/url";
import { LDAP_VARIABLES, parseLdapConfig, type LdapConfig } from "~/auth/ldap/config";
import { OIDC_VARIABLES, parseOidcConfig, type OidcConfig } from "~/auth/oidc/config";
import { PASSKEY_VARIABLES, parsePasskeyConfig, type PasskeyConfig } from "~/auth/passkeys/config";
import type { Network } from "~/server/ip";
import { parseHostPolicy, type HostPolicy } from "~/server/outbound-hosts";
import { describeTrustProxy, parseAllowedHosts, parseProxyNetworks, parseTrustProxy, type ProxyTrust } from "~/server/trust";

/** What Porch reads from the environment, parsed once at start. */
export interface Config {
  production: boolean;
  port: number;
  host: string;
  baseUrl: URL | null;
  databaseUrl: string;
  dbPoolMax: number;
  dbStatementTimeoutMs: number;
  sessionExpiryMs: number;
  sessionMaxLifetimeMs: number;
  /** How long a proof made in a session (sign-in, confirm) lets it do sensitive things (AUTH_ELEVATION_TTL). */
  elevationTtlMs: number;
  secureCookies: boolean;
  /** Which forwarded headers are believed, from whom (TRUST_PROXY). */
  trustProxy: ProxyTrust;
  /** Host names answered to without BASE_URL, besides IP addresses and localhost (ALLOWED_HOSTS). */
  allowedHosts: string[];
  /** WEBHOOK_ALLOWED_HOSTS: where webhooks may be sent (ADR 043). */
  webhookHosts: HostPolicy;
  /** PORCH_PROVISION_FILE: groups, service accounts and settings as code, applied at start (ADR 044). */
  provisionFile: string | null;
  /** PORCH_PROVISION_SECRETS_DIR: the only directories an integration's <field>File may read (attack46). */
  provisionSecretsDirs: string[];
  accessLog: boolean;
  auditRetentionDays: number;
  auditStdout: boolean;
  lockout: { accountAttempts: number; ipAttempts: number; windowMs: number; lockMs: number };
  passwordMinLength: number;
  smtp: { url: string; from: string } | null;
  secretEncryptionKey: string | null;
  /** Sign-in providers that are on, from AUTH_PROVIDERS. */
  providers: Array<"credentials" | "ldap" | "oidc" | "proxy">;
  /** Trusted-header sign-in (AUTH_PROVIDERS=…,proxy): whom to believe and which headers to read. */
  proxyAuth: ProxyAuthConfig | null;
  ldap: LdapConfig | null;
  oidc: OidcConfig | null;
  /** The session cookie's Domain (AUTH_COOKIE_DOMAIN, no leading dot), so forward auth sees it on every app's host. */
  cookieDomain: string | null;
  /** The headers forward auth names the person in, for the app behind the proxy (FORWARD_AUTH_HEADER_*). */
  identityHeaders: IdentityHeaders;
  /** Passkeys' domain and origin (AUTH_PASSKEYS, AUTH_WEBAUTHN_RP_ID, BASE_URL); null when they are off. */
  passkeys: PasskeyConfig | null;
  /** Why passkeys are off, in a sentence for the start-up report. */
  passkeysOff: string | null;
}

export interface ProxyAuthConfig {
  /** AUTH_PROXY_TRUSTED_NETWORKS: the socket peers whose identity headers count (never a forwarded address). */
  networks: Network[];
  networksText: string;
  headers: ProxyHeaders;
  /** AUTH_PROXY_ADMIN_GROUP: members of this proxy group join `admins`. */
  adminGroup: string | null;
  /** AUTH_PROXY_GROUPS_SEPARATOR: "," (Authelia, oauth2-proxy) or "|" (authentik). */
  groupsSeparator: string;
}

/** The headers a trusted proxy names the person in; those not named are never read. */
export interface ProxyHeaders {
  user: string;
  name: string | null;
  email: string | null;
  groups: string | null;
}

export interface IdentityHeaders {
  user: string;
  name: string;
  email: string;
  groups: string;
}

const optionalHeaderName = v.optional(
  v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9-]{1,64}$/, "must be a header name such as Remote-Groups")),
);
const headerName = (fallback: string) =>
  v.optional(v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9-]{1,64}$/, "must be a header name such as Remote-User")), fallback);

type Env = Record<string, string | undefined>;

const booleanText = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.picklist(["true", "false", "1", "0", "yes", "no"], "must be true or false"),
  v.transform((s) => s === "true" || s === "1" || s === "yes"),
);

const durationText = v.pipe(
  v.string(),
  v.transform((s) => parseDuration(s)),
  v.number("must be seconds (604800) or a duration like 30d, 12h, 90m"),
);

const wholeNumber = v.pipe(
  v.string(),
  v.regex(/^\d+$/, "must be a whole number"),
  v.transform(Number),
  v.minValue(1, "must be at least 1"),
);

const schema = v.object({
  NODE_ENV: v.optional(v.picklist(["production", "development", "test"], "must be production, development or test"), "development"),
  PORT: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "must be a port number"),
      v.transform(Number),
      v.integer(),
      v.minValue(1, "must be a port number from 1 to 65535"),
      v.maxValue(65535, "must be a port number from 1 to 65535"),
    ),
    "3000",
  ),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1)), "0.0.0.0"),
  BASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.url("must be a URL such as https://porch.example.com"),
      v.transform((s) => new URL(s)),
      v.check((u) => u.protocol === "http:" || u.protocol === "https:", "must start with http:// or https://"),
      // Porch serves from the root of its origin; a path would be dropped silently and links would break.
      v.check(
        (u) => u.pathname === "/" && !u.search && !u.hash && !u.username && !u.password,
        "must be an origin only, such as https://porch.example.com (Porch can't be served under a path)",
      ),
    ),
  ),
  DATABASE_URL: v.optional(v.pipe(v.string(), v.regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"))),
  DB_POOL_MAX: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "must be a whole number"), v.transform(Number), v.minValue(1)), "10"),
  DB_STATEMENT_TIMEOUT: v.optional(durationText, "30s"),
  AUTH_SESSION_EXPIRY_TIME: v.optional(durationText, "7d"),
  AUTH_SESSION_MAX_LIFETIME: v.optional(durationText, "30d"),
  AUTH_ELEVATION_TTL: v.optional(durationText, "10m"),
  AUTH_SECURE_COOKIES: v.optional(booleanText),
  AUTH_COOKIE_DOMAIN: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.toLowerCase(),
      v.transform((s) => s.replace(/^\./, "")),
      v.regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "must be a domain with at least two labels, such as home.example (no scheme, no port)"),
    ),
  ),
  AUTH_PROXY_TRUSTED_NETWORKS: v.optional(v.string()),
  AUTH_PROXY_HEADER_USER: headerName("Remote-User"),
  // Only the user's header is read unless the others are named: a proxy that sets Remote-User alone would
  // pass a client's own Remote-Groups on (attack15).
  AUTH_PROXY_HEADER_NAME: optionalHeaderName,
  AUTH_PROXY_HEADER_EMAIL: optionalHeaderName,
  AUTH_PROXY_HEADER_GROUPS: optionalHeaderName,
  AUTH_PROXY_ADMIN_GROUP: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1))),
  AUTH_PROXY_GROUPS_SEPARATOR: v.optional(v.picklist([",", "|", ";"], 'must be "," "|" or ";"'), ","),
  FORWARD_AUTH_HEADER_USER: headerName("Remote-User"),
  FORWARD_AUTH_HEADER_NAME: headerName("Remote-Name"),
  FORWARD_AUTH_HEADER_EMAIL: headerName("Remote-Email"),
  FORWARD_AUTH_HEADER_GROUPS: headerName("Remote-Groups"),
  TRUST_PROXY: v.optional(v.string(), "false"),
  ALLOWED_HOSTS: v.optional(v.string()),
  WEBHOOK_ALLOWED_HOSTS: v.optional(v.string()),
  PORCH_PROVISION_FILE: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, "must name a file"))),
  PORCH_PROVISION_SECRETS_DIR: v.optional(
    v.pipe(
      v.string(),
      v.transform((text) =>
        text
          .split(",")
          .map((d) => d.trim())
          .filter(Boolean),
      ),
      v.check((dirs) => dirs.every((d) => d.startsWith("/")), "takes absolute directories, comma-separated, like /run/secrets"),
    ),
  ),
  PORCH_ACCESS_LOG: v.optional(booleanText, "true"),
  AUDIT_LOG_RETENTION_DAYS: v.optional(
    v.pipe(v.string(), v.regex(/^\d+$/, "must be a whole number of days"), v.transform(Number), v.minValue(1, "must be at least 1")),
    "365",
  ),
  AUDIT_LOG_STDOUT: v.optional(booleanText, "false"),
  AUTH_LOCKOUT_ATTEMPTS: v.optional(wholeNumber, "5"),
  AUTH_LOCKOUT_WINDOW: v.optional(durationText, "15m"),
  AUTH_LOCKOUT_DURATION: v.optional(durationText, "15m"),
  AUTH_LOCKOUT_IP_ATTEMPTS: v.optional(wholeNumber, "20"),
  SMTP_URL: v.optional(v.pipe(v.string(), v.regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL"))),
  SMTP_FROM: v.optional(v.pipe(v.string(), v.trim(), v.minLength(3))),
  AUTH_PROVIDERS: v.optional(
    v.pipe(
      v.string(),
      v.transform((s) =>
        s
          .split(",")
          .map((p) => p.trim().toLowerCase())
          .filter(Boolean),
      ),
      v.array(v.picklist(["credentials", "ldap", "oidc", "proxy"], "may list credentials, ldap, oidc and proxy")),
      v.minLength(1, "must name at least one provider"),
    ),
    "credentials",
  ),
  SECRET_ENCRYPTION_KEY: v.optional(
    v.pipe(v.string(), v.trim(), v.regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (openssl rand -hex 32)")),
  ),
  AUTH_PASSWORD_MIN_LENGTH: v.optional(
    v.pipe(wholeNumber, v.minValue(8, "must be at least 8"), v.maxValue(256, "must be at most 256")),
    "8",
  ),
});

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** Variables whose values are secret: masked when shown, and readable from NAME_FILE. */
export const SECRET_VARIABLES = [
  "DATABASE_URL",
  "SMTP_URL",
  "SECRET_ENCRYPTION_KEY",
  "AUTH_LDAP_BIND_PASSWORD",
  "AUTH_OIDC_CLIENT_SECRET",
] as const;

export const CONFIG_VARIABLES = [...Object.keys(schema.entries), ...LDAP_VARIABLES, ...OIDC_VARIABLES, ...PASSKEY_VARIABLES];

/**
 * The raw values: NAME, else the contents of the file NAME_FILE names (Docker and Fly secrets).
 * Empty values count as unset, as in most .env files.
 */
function readValues(env: Env, readFile: (path: string) => string, errors: string[]): Record<string, string> {
  const input: Record<string, string> = {};
  for (const key of CONFIG_VARIABLES) {
    const value = env[key];
    const file = env[`${key}_FILE`];
    if (value && file) {
      errors.push(`${key} and ${key}_FILE are both set: keep one`);
    } else if (file) {
      try {
        input[key] = readFile(file).replace(/\r?\n$/, "");
      } catch (error) {
        errors.push(`${key}_FILE names ${file}, which can't be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
      }
    } else if (value !== undefined && value !== "") input[key] = value;
  }
  return input;
}

/** Parses the environment; every problem is one line naming its variable. */
export function parseConfig(env: Env, readFile: (path: string) => string = (p) => readFileSync(p, "utf8")): ConfigResult {
  const fileErrors: string[] = [];
  const input = readValues(env, readFile, fileErrors);
  const result = v.safeParse(schema, input);
  const missing =
    input.DATABASE_URL || fileErrors.some((e) => e.startsWith("DATABASE_URL"))
      ? fileErrors
      : [...fileErrors, "DATABASE_URL is required (npm start sets it when it runs the embedded database)"];
  // Fly.io sets FLY_APP_NAME in every machine; only there does its edge write Fly-Client-IP.
  const trustProxy = parseTrustProxy(input.TRUST_PROXY, Boolean(env.FLY_APP_NAME));
  const allowedHosts = parseAllowedHosts(input.ALLOWED_HOSTS);
  const webhookHosts = parseHostPolicy(input.WEBHOOK_ALLOWED_HOSTS);
  const originErrors = [trustProxy, allowedHosts, webhookHosts].flatMap((p) => (p.ok ? [] : [p.error]));
  if (!result.success) {
    const errors = result.issues.map((issue) => {
      const name = issue.path?.map((p) => String(p.key)).join(".") ?? "environment";
      const secret = (SECRET_VARIABLES as readonly string[]).includes(name) || /PASSWORD|SECRET|KEY/.test(name);
      // A URL's password never goes into the line, whatever variable carries it (BASE_URL=http://u:pw@…).
      const value = String(input[name] ?? "");
      const shown =
        name in input && !secret ? ` (got "${/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(value) ? maskPassword(value) : value}")` : "";
      return `${name} ${issue.message}${shown}`;
    });
    return { ok: false, errors: [...errors, ...originErrors, ...missing] };
  }
  const out = result.output;
  const errors: string[] = [...missing];
  const providers = [...new Set(out.AUTH_PROVIDERS)];
  const ldap = providers.includes("ldap") ? parseLdapConfig(input) : { config: null, errors: [] };
  errors.push(...ldap.errors);
  const oidc = providers.includes("oidc") ? parseOidcConfig(input) : { config: null, errors: [] };
  errors.push(...oidc.errors);
  const passkeys = parsePasskeyConfig(input, out.BASE_URL ?? null);
  errors.push(...passkeys.errors);
  if (out.AUTH_SESSION_MAX_LIFETIME < out.AUTH_SESSION_EXPIRY_TIME) {
    errors.push("AUTH_SESSION_MAX_LIFETIME must not be shorter than AUTH_SESSION_EXPIRY_TIME");
  }
  if (out.SMTP_URL && !out.SMTP_FROM) errors.push("SMTP_FROM is required with SMTP_URL (the sender, e.g. Porch <porch@example.com>)");
  // Links in mail must never follow a request's Host (a poisoned reset link): they need an origin we were told.
  if (out.SMTP_URL && !out.BASE_URL) {
    errors.push(
      "BASE_URL is required with SMTP_URL: links in mail point there, never at a request's Host (e.g. BASE_URL=https://porch.example.com)",
    );
  }
  errors.push(...originErrors);
  // The provider sends people back to the redirect URI registered there: one fixed origin, never a request's Host.
  if (providers.includes("oidc") && !out.BASE_URL) {
    errors.push(
      "BASE_URL is required with OpenID Connect: the redirect URI registered at the provider is BASE_URL + /api/auth/callback/oidc (e.g. BASE_URL=https://porch.example.com)",
    );
  }
  // A key file that couldn't be read was reported already: don't also say the key is missing.
  if (out.NODE_ENV === "production" && !out.SECRET_ENCRYPTION_KEY && !fileErrors.some((e) => e.startsWith("SECRET_ENCRYPTION_KEY"))) {
    errors.push(
      "SECRET_ENCRYPTION_KEY is required in production: it encrypts integration secrets and two-factor keys (make one with openssl rand -hex 32, and back it up)",
    );
  }
  // The session cookie goes to every host under the domain: Porch's own must be one of them, and the
  // login page's return to an app needs Porch's fixed address (ADR 033).
  if (out.AUTH_COOKIE_DOMAIN) {
    const host = out.BASE_URL?.hostname.toLowerCase();
    if (!host)
      errors.push(
        `AUTH_COOKIE_DOMAIN needs BASE_URL (Porch's address under ${out.AUTH_COOKIE_DOMAIN}, e.g. BASE_URL=https://porch.${out.AUTH_COOKIE_DOMAIN})`,
      );
    else if (host !== out.AUTH_COOKIE_DOMAIN && !host.endsWith(`.${out.AUTH_COOKIE_DOMAIN}`))
      errors.push(`AUTH_COOKIE_DOMAIN must be BASE_URL's host or a parent of it (${host} isn't under ${out.AUTH_COOKIE_DOMAIN})`);
  }
  // Identity headers count only from the proxy's own address: without a list, nobody's would be believed safely.
  const proxyNetworks = providers.includes("proxy") ? parseProxyNetworks(out.AUTH_PROXY_TRUSTED_NETWORKS) : null;
  if (proxyNetworks && !proxyNetworks.ok) errors.push(proxyNetworks.error);
  if (out.DB_STATEMENT_TIMEOUT > 10 * MINUTE) errors.push("DB_STATEMENT_TIMEOUT must be at most 10m");
  // Upper bounds: a value past them is a typo, and some (a retention of 10^11 days) broke later, silently.
  for (const [name, value, max, why] of [
    ["DB_POOL_MAX", out.DB_POOL_MAX, 100, "PostgreSQL allows 100 connections by default, for every instance together"],
    ["AUDIT_LOG_RETENTION_DAYS", out.AUDIT_LOG_RETENTION_DAYS, 36_500, "a hundred years"],
    ["AUTH_LOCKOUT_ATTEMPTS", out.AUTH_LOCKOUT_ATTEMPTS, 100, "more is no lockout"],
    ["AUTH_LOCKOUT_IP_ATTEMPTS", out.AUTH_LOCKOUT_IP_ATTEMPTS, 100_000, "more is no throttle"],
  ] as const) {
    if (value > max) errors.push(`${name} must be at most ${max.toLocaleString("en")} (${why}); got ${value}`);
  }
  for (const [name, value, max, text] of [
    ["AUTH_LOCKOUT_WINDOW", out.AUTH_LOCKOUT_WINDOW, 30 * DAY, "30d"],
    ["AUTH_LOCKOUT_DURATION", out.AUTH_LOCKOUT_DURATION, 30 * DAY, "30d"],
    ["AUTH_SESSION_MAX_LIFETIME", out.AUTH_SESSION_MAX_LIFETIME, 3650 * DAY, "3650d"],
  ] as const) {
    if (value > max) errors.push(`${name} must be at most ${text}`);
  }
  if (out.AUTH_ELEVATION_TTL < MINUTE || out.AUTH_ELEVATION_TTL > DAY) {
    errors.push("AUTH_ELEVATION_TTL must be between 1m and 24h");
  }
  if (out.AUTH_SESSION_EXPIRY_TIME > 400 * DAY) {
    errors.push("AUTH_SESSION_EXPIRY_TIME must be at most 400d (browsers cap cookie lifetimes there)");
  }
  if (errors.length || !trustProxy.ok || !allowedHosts.ok || !webhookHosts.ok) return { ok: false, errors };
  const baseUrl = out.BASE_URL ?? null;
  return {
    ok: true,
    config: {
      production: out.NODE_ENV === "production",
      port: out.PORT,
      host: out.HOST,
      baseUrl,
      databaseUrl: out.DATABASE_URL!,
      dbPoolMax: out.DB_POOL_MAX,
      dbStatementTimeoutMs: out.DB_STATEMENT_TIMEOUT,
      sessionExpiryMs: out.AUTH_SESSION_EXPIRY_TIME,
      sessionMaxLifetimeMs: out.AUTH_SESSION_MAX_LIFETIME,
      elevationTtlMs: out.AUTH_ELEVATION_TTL,
      secureCookies: out.AUTH_SECURE_COOKIES ?? baseUrl?.protocol === "https:",
      trustProxy: trustProxy.value,
      allowedHosts: allowedHosts.value,
      webhookHosts: webhookHosts.value,
      provisionFile: out.PORCH_PROVISION_FILE ?? null,
      // Docker's and Podman's secrets, and systemd's credentials: where secrets files live, apart from Porch's own.
      provisionSecretsDirs: out.PORCH_PROVISION_SECRETS_DIR ?? [
        "/run/secrets",
        ...(env.CREDENTIALS_DIRECTORY ? [env.CREDENTIALS_DIRECTORY] : []),
      ],
      accessLog: out.PORCH_ACCESS_LOG,
      auditRetentionDays: out.AUDIT_LOG_RETENTION_DAYS,
      auditStdout: out.AUDIT_LOG_STDOUT,
      lockout: {
        accountAttempts: out.AUTH_LOCKOUT_ATTEMPTS,
        ipAttempts: out.AUTH_LOCKOUT_IP_ATTEMPTS,
        windowMs: out.AUTH_LOCKOUT_WINDOW,
        lockMs: out.AUTH_LOCKOUT_DURATION,
      },
      passwordMinLength: out.AUTH_PASSWORD_MIN_LENGTH,
      smtp: out.SMTP_URL && out.SMTP_FROM ? { url: out.SMTP_URL, from: out.SMTP_FROM } : null,
      secretEncryptionKey: out.SECRET_ENCRYPTION_KEY?.toLowerCase() ?? null,
      providers,
      ldap: ldap.config,
      oidc: oidc.config,
      cookieDomain: out.AUTH_COOKIE_DOMAIN ?? null,
      proxyAuth:
        proxyNetworks?.ok === true
          ? {
              networks: proxyNetworks.value,
              networksText: out.AUTH_PROXY_TRUSTED_NETWORKS!,
              headers: {
                user: out.AUTH_PROXY_HEADER_USER,
                name: out.AUTH_PROXY_HEADER_NAME ?? null,
                email: out.AUTH_PROXY_HEADER_EMAIL ?? null,
                groups: out.AUTH_PROXY_HEADER_GROUPS ?? null,
              },
              adminGroup: out.AUTH_PROXY_ADMIN_GROUP ?? null,
              groupsSeparator: out.AUTH_PROXY_GROUPS_SEPARATOR,
            }
          : null,
      identityHeaders: {
        user: out.FORWARD_AUTH_HEADER_USER,
        name: out.FORWARD_AUTH_HEADER_NAME,
        email: out.FORWARD_AUTH_HEADER_EMAIL,
        groups: out.FORWARD_AUTH_HEADER_GROUPS,
      },
      passkeys: passkeys.config,
      passkeysOff: passkeys.off,
    },
  };
}

let current: Config | null = null;

/** The configuration, read from process.env the first time it is asked for. */
export function getConfig(): Config {
  if (current) return current;
  const result = parseConfig(process.env);
  if (!result.ok) throw new ConfigError(result.errors);
  current = result.config;
  return current;
}

/** Tests set their own configuration. */
export function setConfigForTests(config: Config): void {
  current = config;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** The effective configuration as `NAME=value` lines, secrets masked: for `npm run cli -- config`. */
export function describeConfig(config: Config): string[] {
  const ms = (n: number) =>
    n % DAY === 0 ? `${n / DAY}d` : n % HOUR === 0 ? `${n / HOUR}h` : n % MINUTE === 0 ? `${n / MINUTE}m` : `${n / 1000}s`;
  return [
    `NODE_ENV=${config.production ? "production" : "development"}`,
    `PORT=${config.port}`,
    `HOST=${config.host}`,
    `BASE_URL=${config.baseUrl?.toString() ?? "(the request's own origin)"}`,
    `DATABASE_URL=${maskPassword(config.databaseUrl)}`,
    `DB_POOL_MAX=${config.dbPoolMax}`,
    `DB_STATEMENT_TIMEOUT=${ms(config.dbStatementTimeoutMs)}`,
    `AUTH_SESSION_EXPIRY_TIME=${ms(config.sessionExpiryMs)}`,
    `AUTH_SESSION_MAX_LIFETIME=${ms(config.sessionMaxLifetimeMs)}`,
    `AUTH_ELEVATION_TTL=${ms(config.elevationTtlMs)}`,
    `AUTH_SECURE_COOKIES=${config.secureCookies}`,
    `TRUST_PROXY=${describeTrustProxy(config.trustProxy)}`,
    `ALLOWED_HOSTS=${config.allowedHosts.join(",") || (config.baseUrl ? "(not needed: BASE_URL is set)" : "(IP addresses and localhost only)")}`,
    `WEBHOOK_ALLOWED_HOSTS=${config.webhookHosts.text}`,
    `PORCH_PROVISION_FILE=${config.provisionFile ?? "(not set: groups, service accounts and settings are Manage's alone)"}`,
    `PORCH_PROVISION_SECRETS_DIR=${config.provisionSecretsDirs.join(",")}`,
    `PORCH_ACCESS_LOG=${config.accessLog}`,
    `AUDIT_LOG_RETENTION_DAYS=${config.auditRetentionDays}`,
    `AUDIT_LOG_STDOUT=${config.auditStdout}`,
    `AUTH_LOCKOUT_ATTEMPTS=${config.lockout.accountAttempts}`,
    `AUTH_LOCKOUT_WINDOW=${ms(config.lockout.windowMs)}`,
    `AUTH_LOCKOUT_DURATION=${ms(config.lockout.lockMs)}`,
    `AUTH_LOCKOUT_IP_ATTEMPTS=${config.lockout.ipAttempts}`,
    `AUTH_PASSWORD_MIN_LENGTH=${config.passwordMinLength}`,
    `SMTP_URL=${config.smtp ? maskPassword(config.smtp.url) : "(not set: no self-service password reset)"}`,
    `SMTP_FROM=${config.smtp?.from ?? ""}`,
    `SECRET_ENCRYPTION_KEY=${config.secretEncryptionKey ? "***" : "(not set: two-factor sign-in can't be turned on)"}`,
    `AUTH_PROVIDERS=${config.providers.join(",")}`,
    ...(config.proxyAuth
      ? [
          `AUTH_PROXY_TRUSTED_NETWORKS=${config.proxyAuth.networksText}`,
          `AUTH_PROXY_HEADER_USER=${config.proxyAuth.headers.user}`,
          `AUTH_PROXY_HEADER_NAME=${config.proxyAuth.headers.name ?? "(not read)"}`,
          `AUTH_PROXY_HEADER_EMAIL=${config.proxyAuth.headers.email ?? "(not read)"}`,
          `AUTH_PROXY_HEADER_GROUPS=${config.proxyAuth.headers.groups ?? "(not read)"}`,
          `AUTH_PROXY_ADMIN_GROUP=${config.proxyAuth.adminGroup ?? ""}`,
          `AUTH_PROXY_GROUPS_SEPARATOR=${config.proxyAuth.groupsSeparator}`,
        ]
      : []),
    `AUTH_COOKIE_DOMAIN=${config.cookieDomain ?? "(not set: the session cookie is Porch's host's only)"}`,
    `FORWARD_AUTH_HEADER_USER=${config.identityHeaders.user}`,
    `FORWARD_AUTH_HEADER_NAME=${config.identityHeaders.name}`,
    `FORWARD_AUTH_HEADER_EMAIL=${config.identityHeaders.email}`,
    `FORWARD_AUTH_HEADER_GROUPS=${config.identityHeaders.groups}`,
    config.passkeys
      ? `AUTH_PASSKEYS=on (bound to ${config.passkeys.rpId}, answers from ${config.passkeys.origin} only)`
      : `AUTH_PASSKEYS=off (${config.passkeysOff ?? "off"})`,
    ...(config.ldap ? Object.entries(config.ldap).map(([k, val]) => `ldap.${k}=${k === "bindPassword" ? "***" : String(val ?? "")}`) : []),
    ...(config.oidc
      ? Object.entries(config.oidc).map(
          ([k, val]) => `oidc.${k}=${k === "clientSecret" ? "***" : Array.isArray(val) ? val.join(" ") : String(val ?? "")}`,
        )
      : []),
  ];
}
