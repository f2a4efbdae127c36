import type { AppLoadContext } from "@remix-run/node";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { recordSignIn } from "~/models/users.server";
import { validatedSessionId } from "./actor.server";
import { providerLoggedOut, sidOf } from "./oidc/backchannel.server";
import { clearSessionCookie, sessionCookie, sessionPlace } from "./cookie.server";
import { createSession, endUserSession, invalidateSession } from "./session.server";
import { proofHolds } from "./sign-in-proof.server";

/**
 * Starts a fresh session for a user who just proved who they are. The browser's previous session,
 * if it validated, is ended first, so a token planted before sign-in is worthless after it (no
 * fixation); a cookie that didn't validate names nothing we may end (the pipeline removes it).
 * Returns the Set-Cookie header value.
 */
export async function startSession(
  context: AppLoadContext,
  userId: string,
  options: {
    remember: boolean;
    provider: string;
    idToken?: string;
    proxyGroups?: string;
    /** When the person proved who they are, if before now (an identity provider's own sign-in). */
    provedAt?: Date | null;
    /** A TV's session: the device that approved it (ADR 039). */
    approvedFrom?: string | null;
    /** The OpenID provider session it belongs to, when not its own id_token's (a TV approved from one). */
    oidcSid?: string | null;
  },
): Promise<string> {
  const config = getConfig();
  const sql = getSql();
  const previous = validatedSessionId(context.actor);
  if (previous) await invalidateSession(sql, previous);
  // A password changed after this request checked the old one (a thief signing in while the owner
  // changes it), a passkey removed or an account deactivated meanwhile (a recovery) gets no session.
  // Nor does a sign-in whose provider session was logged out meanwhile (a code step, a slow callback).
  const oidcSid = options.idToken ? sidOf(options.idToken) : (options.oidcSid ?? null);
  let broken: string | null = null;
  const made = await sql.begin(async (tx) => {
    broken = (await proofHolds(tx, userId, context.signInProof)) ?? (oidcSid ? await providerLoggedOut(tx, oidcSid) : null);
    if (broken) return null;
    const created = await createSession(
      tx,
      userId,
      {
        remember: options.remember,
        ip: context.client.ip,
        userAgent: context.client.userAgent,
        proxyGroups: options.proxyGroups,
        proof: options.provider,
        // The passkey that answered, when one did (context.signInProof says which): it proves the session.
        passkeyId: context.signInProof?.passkeyId,
        provedAt: options.provedAt,
        approvedFrom: options.approvedFrom,
      },
      { expiryMs: config.sessionExpiryMs, maxLifetimeMs: config.sessionMaxLifetimeMs },
    );
    // The provider's session id rides along, written with the session: a back-channel logout naming it
    // ends this session (providerLoggedOut's lock orders the two, attack41).
    if (options.idToken || oidcSid)
      await tx`update sessions set id_token = ${options.idToken ?? null}, oidc_sid = ${oidcSid} where id = ${created.session.id}`;
    return created;
  });
  if (!made) {
    await recordAudit(sql, {
      action: "auth.sign-in.failed",
      actorUserId: null,
      targetType: "user",
      targetId: userId,
      ip: context.client.ip,
      userAgent: context.client.userAgent,
      details: { provider: options.provider, reason: broken },
    });
    return clearSessionCookie(sessionPlace(config));
  }
  const { token, session } = made;
  await recordSignIn(sql, userId);
  await recordAudit(sql, {
    action: "auth.sign-in",
    actorUserId: userId,
    targetType: "session",
    targetId: session.id,
    ip: context.client.ip,
    userAgent: context.client.userAgent,
    details: { provider: options.provider, remember: options.remember },
  });
  return sessionCookie(token, { expires: options.remember ? session.expiresAt : null, ...sessionPlace(config) });
}

/**
 * Ends the browser's session (the one the pipeline validated, nothing else) and returns the header that
 * removes its cookie, and the id_token of an OIDC sign-in (for logging out at the provider too).
 */
export async function endSession(context: AppLoadContext): Promise<{ cookie: string; idToken: string | null }> {
  const sql = getSql();
  const id = validatedSessionId(context.actor);
  let idToken: string | null = null;
  if (id && context.actor.kind === "session") {
    // Ended and its id_token read in one statement, and only as the user it belongs to.
    const ended = await endUserSession(sql, context.actor.user.id, id);
    if (ended) {
      idToken = ended.idToken;
      await recordAudit(sql, {
        action: "auth.sign-out",
        actorUserId: context.actor.user.id,
        targetType: "session",
        targetId: id,
        ip: context.client.ip,
        userAgent: context.client.userAgent,
      });
    }
  }
  return { cookie: clearSessionCookie(sessionPlace(getConfig())), idToken };
}
