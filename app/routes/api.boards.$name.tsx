import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getSql } from "~/db.server";
import { ApiPatchBoardSchema } from "~/forms/boards";
import { auditActorFrom } from "~/models/audit.server";
import { BoardNameTakenError, deleteBoard, listItems, patchBoard } from "~/models/boards.server";
import { methodNotAllowed, readJson } from "~/permissions/api-guard.server";
import { jsonError, requireBoardAccess } from "~/permissions/board-guard.server";

const itemJson = (i: Awaited<ReturnType<typeof listItems>>[number]) =>
  i.kind === "app"
    ? { id: i.id, kind: i.kind, title: i.title, url: i.url, iconUrl: i.iconUrl, newTab: i.newTab }
    : { id: i.id, kind: i.kind, body: i.body };

/** GET /api/boards/:name: the board with its items (view). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { board, level } = await requireBoardAccess(request, context, params.name, "view", { api: true });
  const items = await listItems(getSql(), board.id);
  return Response.json({
    name: board.name,
    title: board.title,
    isPublic: board.isPublic,
    access: level,
    createdAt: board.createdAt,
    updatedAt: board.updatedAt,
    items: items.map(itemJson),
  });
}

/**
 * PATCH changes items with `modify`; name, title and isPublic need `full` (as in the pages).
 * DELETE needs `full`.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const method = request.method;
  if (method !== "PATCH" && method !== "DELETE") throw methodNotAllowed(["GET", "PATCH", "DELETE"]);
  const audit = auditActorFrom(context);
  if (method === "DELETE") {
    const { board } = await requireBoardAccess(request, context, params.name, "full", { api: true });
    await deleteBoard(getSql(), audit, board);
    return new Response(null, { status: 204 });
  }
  const { board } = await requireBoardAccess(request, context, params.name, "modify", { api: true });
  const patch = await readJson(request, ApiPatchBoardSchema);
  const { items, ...settings } = patch;
  if (Object.keys(settings).length) await requireBoardAccess(request, context, params.name, "full", { api: true });
  try {
    await patchBoard(getSql(), audit, board.id, settings, items);
  } catch (error) {
    if (error instanceof BoardNameTakenError) return jsonError(409, error.message);
    throw error;
  }
  return Response.json({ name: settings.name ?? board.name, title: settings.title ?? board.title, isPublic: settings.isPublic ?? board.isPublic, items: (await listItems(getSql(), board.id)).map(itemJson) });
}
