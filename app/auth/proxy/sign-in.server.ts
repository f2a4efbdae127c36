// Signing in from a trusted proxy's headers (ADR 034): the account the proxy names, made on first sight
// and its groups synced like LDAP's and OIDC's; a Porch session for it, so later requests are ordinary
// ones; and a check on every request that the session still belongs to the person the proxy names.
import type { AppLoadContext } from "@remix-run/node";
import type { Actor } from "~/auth/actor.server";
import type { ValidatedSession } from "~/auth/session.server";
import { startSession } from "~/auth/sign-in.server";
import { createPendingSignIn, pendingCookie } from "~/auth/pending-sign-in.server";
import type { ProxyAuthConfig } from "~/config.server";
import type { Sql } from "~/db.server";
import { DirectoryUserRefused, provisionDirectoryUser } from "~/models/directory-users.server";
import { usesTwoFactor } from "~/models/two-factor.server";
import { nameAmbiguity, USERNAME_PATTERN } from "~/auth/usernames";
import { safeRedirect } from "~/utils/safe-redirect";
import type { ProxyIdentity } from "./identity.server";

const REFUSALS: Record<DirectoryUserRefused["reason"] | "not-a-username", string> = {
  "username-taken-by-local-account": "belongs to another account here: an administrator can remove or rename it",
  "not-a-username": "isn't one Porch can use: letters and digits, then also . _ @ -, at most 64 characters (rename it at the proxy)",
  "ambiguous-username": "reads as another name (a special form of a letter): rename the account at the proxy",
  "unusable-username": "is longer than 64 characters: rename the account at the proxy",
  inactive: "is deactivated here: ask an administrator",
};

/** The account for `identity`, made or refreshed (two first requests at once make one: provisionDirectoryUser). */
function provision(sql: Sql, identity: ProxyIdentity, proxy: ProxyAuthConfig, client: AppLoadContext["client"]): Promise<string> {
  return provisionDirectoryUser(
    sql,
    "proxy",
    {
      dn: identity.username,
      externalId: identity.username,
      username: identity.username,
      email: identity.email,
      displayName: identity.displayName,
      groups: identity.groups,
    },
    { adminGroup: proxy.adminGroup, client },
  );
}

/** The rules every other way of making an account applies: the pattern and length of usernames, no look-alike forms (ADR 014). */
const isUsableName = (name: string) => name.length <= 64 && USERNAME_PATTERN.test(name) && nameAmbiguity(name) === null;

/**
 * What a request from the trusted proxy naming `identity` needs before it is answered: nothing (the session
 * is this person's, groups as last synced), "resynced" (the same person, other groups: memberships were
 * synced, so resolve the actor again), or an answer of its own: a 303 back to the same address with the
 * new session, the two-factor step, or a refusal saying why.
 */
export async function proxySignIn(
  sql: Sql,
  request: Request,
  current: { actor: Actor; session: ValidatedSession | null },
  identity: ProxyIdentity,
  proxy: ProxyAuthConfig,
  context: Pick<AppLoadContext, "client" | "actor">,
  secureCookies: boolean,
): Promise<Response | "resynced" | null> {
  // Names follow the rules every other way of making an account does (attack15: a 300-character name
  // gave a 500, "admin\u200b" looked like admin).
  if (!isUsableName(identity.username)) return refused(identity, "not-a-username");
  const { actor, session } = current;
  const same = actor.kind === "session" && actor.user.provider === "proxy" && actor.user.externalId === identity.username;
  if (same) {
    if (session?.session.proxyGroups === identity.groupsText) return null;
    try {
      await provision(sql, identity, proxy, context.client);
    } catch (error) {
      if (error instanceof DirectoryUserRefused) return refused(identity, error.reason);
      throw error;
    }
    await sql`update sessions set proxy_groups = ${identity.groupsText} where id = ${actor.session.id}`;
    return "resynced";
  }
  // Only a page load signs in: a write arriving with someone else's session (or none) is refused rather
  // than done as the person the proxy names now.
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new Response(`The proxy signed you in as ${identity.username}: reload the page and try again.\n`, {
      status: 401,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  let userId: string;
  try {
    userId = await provision(sql, identity, proxy, context.client);
  } catch (error) {
    if (error instanceof DirectoryUserRefused) return refused(identity, error.reason);
    throw error;
  }
  const url = new URL(request.url);
  // Back to the page asked for, as a path of ours only: `//evil.example/` is another host (attack15).
  const back = safeRedirect(url.pathname + url.search);
  const headers = new Headers({ Location: back });
  if (await usesTwoFactor(sql, userId)) {
    // Porch's own second factor still applies to an account that has it on.
    const token = await createPendingSignIn(sql, { userId, remember: false, redirectTo: back });
    headers.set("Location", "/auth/2fa");
    headers.append("Set-Cookie", pendingCookie(token, secureCookies));
    return new Response(null, { status: 303, headers });
  }
  headers.append(
    "Set-Cookie",
    await startSession(context as AppLoadContext, userId, { remember: false, provider: "proxy", proxyGroups: identity.groupsText }),
  );
  return new Response(null, { status: 303, headers });
}

function refused(identity: ProxyIdentity, reason: DirectoryUserRefused["reason"] | "not-a-username"): Response {
  return new Response(`The proxy signed you in as "${identity.username}", but that name ${REFUSALS[reason]}.\n`, {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
