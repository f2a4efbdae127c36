import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { getSql } from "~/db.server";
import { ApiNewBoardSchema } from "~/forms/boards";
import { auditActorFrom } from "~/models/audit.server";
import { BoardNameTakenError, createBoard } from "~/models/boards.server";
import { jsonError, readJson } from "~/api/json.server";
import { levelOfRank } from "~/permissions/boards";
import { listVisibleBoards } from "~/permissions/boards.server";
import { countParam } from "~/utils/query-values";

const MAX_LIMIT = 500;

/** GET /api/boards: the boards the caller may see, by name; `?after=<name>&limit=` pages through them. */
export async function loader(args: LoaderFunctionArgs) {
  const { subject } = await authorize(args, "routes/api.boards._index");
  const { request } = args;
  const params = new URL(request.url).searchParams;
  const limit = countParam(params, "limit", 100, MAX_LIMIT);
  const after = params.get("after")?.slice(0, 64) || undefined;
  const { boards } = await listVisibleBoards(getSql(), subject, { limit: limit + 1, after });
  const page = boards.slice(0, limit);
  const headers = new Headers();
  if (boards.length > limit) {
    const next = new URL(request.url);
    next.searchParams.set("after", page[page.length - 1].name);
    next.searchParams.set("limit", String(limit));
    headers.set("Link", `<${next.pathname}${next.search}>; rel="next"`);
  }
  return Response.json(
    page.map((b) => ({ name: b.name, title: b.title, isPublic: b.isPublic, access: levelOfRank(b.rank) })),
    { headers },
  );
}

/** POST /api/boards: create a board (board-create); the creator gets full access. */
export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/api.boards._index");
  const { request, context } = args;
  const input = await readJson(request, ApiNewBoardSchema);
  try {
    await createBoard(getSql(), auditActorFrom(context), input);
  } catch (error) {
    if (error instanceof BoardNameTakenError) return jsonError(409, error.message);
    throw error;
  }
  return Response.json(
    { name: input.name, title: input.title, isPublic: input.isPublic, access: "full" },
    {
      status: 201,
      headers: { Location: `/api/boards/${input.name}` },
    },
  );
}
