import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { getSql } from "~/db.server";
import { ApiNewBoardSchema } from "~/forms/boards";
import { auditActorFrom } from "~/models/audit.server";
import { BoardNameTakenError, createBoard } from "~/models/boards.server";
import { jsonError, readJson } from "~/api/json.server";
import { boardLevelOf, levelOfRank } from "~/permissions/boards";
import { listVisibleBoards } from "~/permissions/board-list.server";
import { decodeBoardCursor, encodeBoardCursor, InvalidCursorError, isBoardName } from "~/utils/list-cursor";
import { countParam } from "~/utils/query-values";

const MAX_LIMIT = 500;

/**
 * GET /api/boards: the boards the caller may see, by name, `limit` at a time (1 to 500, default 100).
 * `Link: <…?after=<cursor>&limit=>; rel="next"` names the next page while there is one; `after` also takes
 * a bare board name (what the Link header carried before cursors were opaque). Any other `after` is a 400.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { subject } = await authorize(args, "routes/api.boards._index");
  const { request } = args;
  const params = new URL(request.url).searchParams;
  const limit = countParam(params, "limit", 100, MAX_LIMIT);
  const given = params.get("after");
  let after: string | undefined;
  try {
    after = given === null ? undefined : isBoardName(given) ? given : decodeBoardCursor(given);
  } catch (error) {
    if (error instanceof InvalidCursorError) return jsonError(400, error.message);
    throw error;
  }
  const { boards, more } = await listVisibleBoards(getSql(), subject, { limit, after });
  const headers = new Headers();
  if (more) {
    const next = new URLSearchParams({ after: encodeBoardCursor(boards[boards.length - 1].name), limit: String(limit) });
    headers.set("Link", `</api/boards?${next}>; rel="next"`);
  }
  return Response.json(
    boards.map((b) => ({ name: b.name, title: b.title, isPublic: b.isPublic, access: levelOfRank(b.rank) })),
    { headers },
  );
}

/** POST /api/boards: create a board (board-create); the creator gets full access. */
export async function action(args: ActionFunctionArgs) {
  const { subject } = await authorize(args, "routes/api.boards._index");
  const { request, context } = args;
  const input = await readJson(request, ApiNewBoardSchema);
  const creator = auditActorFrom(context);
  try {
    await createBoard(getSql(), creator, input);
  } catch (error) {
    if (error instanceof BoardNameTakenError) return jsonError(409, error.message);
    throw error;
  }
  // The caller's level on the new board, as a read would find it: a key that doesn't act as its owner
  // isn't its creator (attack11 saw "full", then a 404).
  const facts = { isPublic: input.isPublic, creatorId: creator.userId, userLevel: null, groupLevels: [] };
  return Response.json(
    { name: input.name, title: input.title, isPublic: input.isPublic, access: boardLevelOf(subject, facts).level },
    {
      status: 201,
      headers: { Location: `/api/boards/${input.name}` },
    },
  );
}
