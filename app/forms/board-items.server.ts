// The board page's forms: items need `modify` on the board; widgets also need `use` on their
// integration; "Re-check now" needs only `view` on the board and `interact` on the integration.
import { parseWithValibot } from "@conform-to/valibot";
import { redirect, type AppLoadContext } from "@remix-run/node";
import { getSql, type Sql } from "~/db.server";
import { AddAppSchema, AddNoteSchema, AddWidgetSchema, EditAppSchema, EditNoteSchema, EditWidgetSchema, ItemRefSchema } from "./boards";
import { testIntegration } from "~/integrations/check.server";
import { kindOf } from "~/integrations/registry.server";
import type { BoardAccess } from "~/permissions/board-guard.server";
import { allows } from "~/permissions/boards";
import { allowsIntegration } from "~/permissions/integrations";
import { integrationLevels } from "~/permissions/integrations.server";
import type { Subject } from "~/permissions/resource-rules";
import { badRequest, intentOf } from "~/utils/form-reply.server";
import { auditActorFrom } from "~/models/audit.server";
import { addItem, listItems, moveItem, removeItem, UnknownItemError, updateItem } from "~/models/boards.server";
import { recordCheck } from "~/models/integrations.server";

const fail = (intent: string, message: string) => badRequest(intent, { status: "error", error: { "": [message] } });
const refuse = (message: string) => new Response(message, { status: 403 });

export async function handleBoardForm(request: Request, context: AppLoadContext, access: BoardAccess) {
  const { board, level, subject } = access;
  const formData = await request.formData();
  const intent = intentOf(formData);
  const sql = getSql();
  const audit = auditActorFrom(context);
  const back = (saved?: string) => redirect(`/boards/${board.name}${saved ? `?saved=${saved}` : ""}`);
  if (intent !== "recheck" && !allows(level, "modify")) throw refuse(`You need "modify" access to this board; you have "${level}".`);
  try {
    switch (intent) {
      case "add-app":
      case "edit-app": {
        const s = parseWithValibot(formData, { schema: intent === "add-app" ? AddAppSchema : EditAppSchema });
        if (s.status !== "success") return badRequest(intent, s.reply());
        const item = {
          kind: "app" as const,
          title: s.value.title,
          url: s.value.url,
          iconUrl: s.value.iconUrl ?? null,
          newTab: s.value.newTab,
        };
        if ("itemId" in s.value) await updateItem(sql, audit, board.id, s.value.itemId, item);
        else await addItem(sql, audit, board.id, item);
        return back(intent);
      }
      case "add-note":
      case "edit-note": {
        const s = parseWithValibot(formData, { schema: intent === "add-note" ? AddNoteSchema : EditNoteSchema });
        if (s.status !== "success") return badRequest(intent, s.reply());
        const item = { kind: "note" as const, body: s.value.body };
        if ("itemId" in s.value) await updateItem(sql, audit, board.id, s.value.itemId, item);
        else await addItem(sql, audit, board.id, item);
        return back(intent);
      }
      case "add-widget":
      case "edit-widget": {
        const s = parseWithValibot(formData, { schema: intent === "add-widget" ? AddWidgetSchema : EditWidgetSchema });
        if (s.status !== "success") return badRequest(intent, s.reply());
        const usable = (await integrationLevels(sql, subject, [s.value.integrationId])).get(s.value.integrationId);
        if (!usable) return badRequest(intent, s.reply({ fieldErrors: { integrationId: ["Choose an integration you may use"] } }));
        const kind = kindOf(usable.record.kind);
        const options: Record<string, string> = {};
        for (const option of kind?.options ?? []) {
          const value = option.name === "field" ? s.value.field : undefined;
          if (option.required && !value)
            return badRequest(intent, s.reply({ fieldErrors: { field: [`${kind!.label} widgets need "${option.label}"`] } }));
          if (value) options[option.name] = value;
        }
        const item = { kind: "integration" as const, integrationId: s.value.integrationId, title: s.value.title || null, options };
        if ("itemId" in s.value) await updateItem(sql, audit, board.id, s.value.itemId, item);
        else await addItem(sql, audit, board.id, item);
        return back(intent);
      }
      case "move-up":
      case "move-down":
      case "remove":
      case "recheck": {
        const s = parseWithValibot(formData, { schema: ItemRefSchema });
        if (s.status !== "success") return badRequest(intent, s.reply());
        if (intent === "recheck") return recheck(request, context, access, s.value.itemId);
        if (intent === "remove") await removeItem(sql, audit, board.id, s.value.itemId);
        else await moveItem(sql, audit, board.id, s.value.itemId, intent === "move-up" ? -1 : 1);
        return back(intent === "remove" ? "remove" : undefined);
      }
      default:
        return fail(intent, "Unknown action.");
    }
  } catch (error) {
    if (error instanceof UnknownItemError) return fail(intent, error.message);
    throw error;
  }
}

/** "Re-check now" on a widget: an action on the remote service, so it needs `interact`. */
async function recheck(request: Request, context: AppLoadContext, access: BoardAccess, itemId: string) {
  const sql = getSql();
  const item = (await listItems(sql, access.board.id)).find((i) => i.id === itemId && i.kind === "integration");
  if (!item?.integrationId) return fail("recheck", "That widget is no longer on this board.");
  const usable = (await integrationLevels(sql, access.subject, [item.integrationId])).get(item.integrationId);
  // No `use`: the same answer as for a widget that isn't there, so nothing is learned.
  if (!usable) return fail("recheck", "That widget is no longer on this board.");
  if (!allowsIntegration(usable.level, "interact"))
    throw refuse(`You need "interact" access to this integration; you have "${usable.level}".`);
  const kind = kindOf(usable.record.kind);
  if (!kind) return fail("recheck", `Unknown kind "${usable.record.kind}".`);
  const result = await testIntegration(sql, kind, usable.record, request.signal);
  await recordCheck(sql, auditActorFrom(context), usable.record.id, result);
  // The URL names the widget; the page reads the outcome back from the database (never text from a URL).
  return redirect(`/boards/${access.board.name}?checked=${encodeURIComponent(item.id)}`);
}

/** "Re-checked …" for the widget `?checked=` names, from its integration's last check, for viewers who may use it. */
export async function recheckNotice(
  sql: Sql,
  subject: Subject,
  items: Array<{ id: string; integrationId?: string | null }>,
  checked: string | null,
) {
  const item = checked ? items.find((i) => i.id === checked && i.integrationId) : undefined;
  if (!item?.integrationId) return null;
  const usable = (await integrationLevels(sql, subject, [item.integrationId])).get(item.integrationId);
  const check = usable?.record.lastCheck;
  if (!usable || !check) return null;
  return `Re-checked ${usable.record.name}: ${check.ok ? "OK" : "failed"}, ${check.message} (${check.ms} ms)`;
}
