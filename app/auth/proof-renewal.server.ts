// A person proved who they are in this session (a confirmation, or the password a form asks for): the
// session is renewed (new id and secret, proved now) and the proof audited. Renewing means a planted
// copy of the old cookie gains nothing from the owner's proof.
import type { AppLoadContext } from "@remix-run/node";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { Refusal } from "~/permissions/refusal.server";
import type { SessionActor } from "./actor.server";
import { sessionCookie, sessionPlace } from "./cookie.server";
import { renewSession } from "./session.server";

export async function renewOnProof(context: AppLoadContext, actor: SessionActor, how: string, what: string, now = new Date()) {
  const sql = getSql();
  const renewed = await renewSession(sql, actor.user.id, actor.session.id, context.client, now);
  if (!renewed) throw new Refusal("sign-in");
  // The pipeline sets this cookie on the answer, whatever the route answers.
  context.notes.sessionCookie = sessionCookie(renewed.token, {
    expires: renewed.session.remember ? renewed.session.expiresAt : null,
    ...sessionPlace(getConfig()),
  });
  context.actor = { ...actor, session: { ...actor.session, id: renewed.session.id, elevatedAt: now } };
  await recordAudit(sql, {
    action: "session.elevated",
    actorUserId: actor.user.id,
    targetType: "session",
    targetId: renewed.session.id,
    ip: context.client.ip,
    userAgent: context.client.userAgent,
    details: { with: how, to: what, replaced: actor.session.id },
  });
}
