import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { getSql } from "~/db.server";
import { ApiPatchBoardSchema } from "~/forms/boards";
import { auditActorFrom } from "~/models/audit.server";
import { BoardNameTakenError, deleteBoard, patchBoard, type BoardItem, type PlacedItem } from "~/models/boards.server";
import { resolveAudiences, UnknownAudienceError } from "~/models/item-audience.server";
import { askerOf } from "~/models/resource-rows.server";
import { itemsShownTo } from "~/models/board-items.server";
import { jsonError, readJson } from "~/api/json.server";
import { integrationLevels } from "~/permissions/integrations.server";
import type { Subject } from "~/permissions/resource-rules";

type Item = BoardItem;

/**
 * Items as JSON; a widget names its integration only to callers who may use it. `visibleTo` (usernames
 * and group ids) is for the board's editors, who are given every item; a viewer gets the items they see.
 */
const itemJson = (i: Item, usable: ReadonlySet<string>) => ({
  ...fieldsJson(i, usable),
  ...(i.visibleTo !== undefined
    ? { visibleTo: i.visibleTo && { users: i.visibleTo.users.map((u) => u.username), groups: i.visibleTo.groups.map((g) => g.id) } }
    : {}),
});
const fieldsJson = (i: Item, usable: ReadonlySet<string>) =>
  i.kind === "app"
    ? { id: i.id, kind: i.kind, title: i.title, url: i.url, iconUrl: i.iconUrl, newTab: i.newTab }
    : i.kind === "note"
      ? { id: i.id, kind: i.kind, body: i.body }
      : usable.has(i.integrationId ?? "")
        ? { id: i.id, kind: i.kind, title: i.title, integrationId: i.integrationId, options: i.options, access: "use" as const }
        : { id: i.id, kind: i.kind, title: i.title, integrationId: null, options: {}, access: "denied" as const };

async function itemsJson(items: Item[], subject: Subject) {
  const ids = [...new Set(items.flatMap((i) => (i.integrationId ? [i.integrationId] : [])))];
  const usable = new Set(ids.length ? (await integrationLevels(getSql(), subject, ids)).keys() : []);
  return items.map((i) => itemJson(i, usable));
}

/** GET /api/boards/:name: the board with its items (view). */
export async function loader(args: LoaderFunctionArgs) {
  const { board, level, subject, items: raw } = await authorize(args, "routes/api.boards.$name", { items: true });
  const items = await itemsJson(raw, subject);
  return Response.json({
    name: board.name,
    title: board.title,
    isPublic: board.isPublic,
    access: level,
    createdAt: board.createdAt,
    updatedAt: board.updatedAt,
    items,
  });
}

/**
 * PATCH changes items with `modify`; name, title and isPublic need `full` (as in the pages).
 * DELETE needs `full`.
 */
export async function action(args: ActionFunctionArgs) {
  const { board, subject, level, need } = await authorize(args, "routes/api.boards.$name");
  const { request, context } = args;
  const audit = auditActorFrom(context);
  if (request.method === "DELETE") {
    await deleteBoard(getSql(), audit, board);
    return new Response(null, { status: 204 });
  }
  const patch = await readJson(request, ApiPatchBoardSchema);
  const { items, ...settings } = patch;
  if (Object.keys(settings).length) need("full");
  // Placing a widget needs `use` on its integration; unknown and unusable look the same.
  const wanted = [...new Set((items ?? []).flatMap((i) => (i.kind === "integration" ? [i.integrationId] : [])))];
  const usable = wanted.length ? await integrationLevels(getSql(), subject, wanted) : new Map();
  const refused = wanted.filter((id) => !usable.has(id));
  if (refused.length) return jsonError(400, `items: no integration you may use has the id ${refused.join(", ")}`);
  let placed: PlacedItem[] | undefined;
  try {
    const audiences = items
      ? await resolveAudiences(
          getSql(),
          board.id,
          askerOf(context.actor),
          level,
          items.map((i) => i.visibleTo),
        )
      : [];
    // No `visibleTo`: the item keeps its audience (writeItems); null: everyone who sees the board.
    placed = items?.map((item, n) => ({ ...item, audience: item.visibleTo === undefined ? undefined : audiences[n] }));
  } catch (error) {
    if (error instanceof UnknownAudienceError) return jsonError(400, `items: visibleTo: ${error.message}`);
    throw error;
  }
  try {
    await patchBoard(getSql(), audit, board.id, settings, placed);
  } catch (error) {
    if (error instanceof BoardNameTakenError) return jsonError(409, error.message);
    throw error;
  }
  return Response.json({
    name: settings.name ?? board.name,
    title: settings.title ?? board.title,
    isPublic: settings.isPublic ?? board.isPublic,
    items: await itemsJson(await itemsShownTo(getSql(), board.id, subject, level), subject),
  });
}
