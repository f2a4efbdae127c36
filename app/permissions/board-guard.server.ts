import { redirect, type AppLoadContext } from "@remix-run/node";
import { getSql } from "~/db.server";
import { loginRedirectFor } from "~/utils/safe-redirect";
import { allows, boardAccess, type BoardLevel, type BoardSubject } from "./boards";
import { loadBoardFacts, readGuestAccess, type BoardRecord } from "./boards.server";
import { jsonError } from "./api-guard.server";
import { requireUser } from "./guards.server";
import { subjectOfActor } from "./subject.server";

export interface BoardAccess {
  board: BoardRecord;
  level: BoardLevel;
  subject: BoardSubject;
}

/** The subject of the board rules for this request (guests included: they need the guest setting). */
export async function boardSubjectOf(request: Request, context: AppLoadContext): Promise<BoardSubject> {
  if (context.actor.kind === "user") {
    requireUser(request, context); // two-factor set-up comes first
    return subjectOfActor(context.actor, true);
  }
  return subjectOfActor(context.actor, await readGuestAccess(getSql()));
}

/**
 * The one guard of every board loader and action. A guest without access goes to the login page
 * (the same answer whether the board exists or not); a signed-in person who may not see the board
 * gets 404, never 403, so opening it tells nothing (a name can still be found taken: see README,
 * "What a name reveals"); one who sees it but needs more gets 403.
 */
export async function requireBoardAccess(
  request: Request,
  context: AppLoadContext,
  name: string | undefined,
  needed: BoardLevel,
  options: { api?: boolean } = {},
): Promise<BoardAccess> {
  const signedIn = context.actor.kind === "user" ? requireUser(request, context) : null;
  const { userId } = subjectOfActor(context.actor, false);
  // The facts query also reads the guest setting: one round trip for guests and users alike.
  const { boards, guestsAllowed } = await loadBoardFacts(getSql(), { name: String(name ?? "").toLowerCase() }, userId);
  const subject = subjectOfActor(context.actor, guestsAllowed);
  const board = boards[0];
  const level = board ? boardAccess(subject, board).level : null;
  if (board && level && allows(level, needed)) return { board, level, subject };
  if (!signedIn) {
    if (options.api) throw jsonError(401, "Sign in or send an API key.", { "WWW-Authenticate": "Bearer" });
    throw redirect(loginRedirectFor(request));
  }
  if (!board || !level) throw options.api ? jsonError(404, "No such board.") : new Response("Not Found", { status: 404 });
  const message = `You need "${needed}" access to this board; you have "${level}".`;
  throw options.api ? jsonError(403, message) : new Response(message, { status: 403 });
}
