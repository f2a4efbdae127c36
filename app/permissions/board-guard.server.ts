import { redirect, type AppLoadContext } from "@remix-run/node";
import { getSql } from "~/db.server";
import { loginRedirectFor } from "~/utils/safe-redirect";
import { allows, boardAccess, type BoardLevel, type BoardSubject } from "./boards";
import { loadBoardFacts, readGuestAccess, type BoardRecord } from "./boards.server";
import { requireUser } from "./guards.server";

export interface BoardAccess {
  board: BoardRecord;
  level: BoardLevel;
  subject: BoardSubject;
}

/** The subject of the board rules for this request (guests included). */
export async function boardSubjectOf(request: Request, context: AppLoadContext, guestsAllowed?: boolean): Promise<BoardSubject> {
  if (context.actor.kind === "user") {
    const actor = requireUser(request, context); // two-factor set-up comes first
    // An API key acts on the owner's own rows only when created to "act as me".
    const userId = actor.apiKey && !actor.apiKey.actAsOwner ? null : actor.user.id;
    return { signedIn: true, userId, permissions: actor.permissions, guestsAllowed: true };
  }
  return { signedIn: false, userId: null, permissions: new Set(), guestsAllowed: guestsAllowed ?? (await readGuestAccess(getSql())) };
}

/** JSON answers for the API; pages get redirects and text. */
export const jsonError = (status: number, error: string, headers: HeadersInit = {}) =>
  Response.json({ error }, { status, headers });

/**
 * The one guard of every board loader and action. A guest without access goes to the login page
 * (the same answer whether the board exists or not); a signed-in person who may not see the board
 * gets 404, never 403, so names can't be probed; one who sees it but needs more gets 403.
 */
export async function requireBoardAccess(
  request: Request,
  context: AppLoadContext,
  name: string | undefined,
  needed: BoardLevel,
  options: { api?: boolean } = {},
): Promise<BoardAccess> {
  const signedIn = context.actor.kind === "user" ? requireUser(request, context) : null;
  const userId = signedIn && !(signedIn.apiKey && !signedIn.apiKey.actAsOwner) ? signedIn.user.id : null;
  const { boards, guestsAllowed } = await loadBoardFacts(getSql(), { name: String(name ?? "").toLowerCase() }, userId);
  const subject = await boardSubjectOf(request, context, guestsAllowed);
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
