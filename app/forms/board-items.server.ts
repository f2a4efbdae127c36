// The board page's forms: items need `modify` on the board; widgets also need `use` on their
// integration; "Re-check now" needs only `view` on the board and `interact` on the integration.
import { parseWithValibot } from "@conform-to/valibot";
import { redirect, type AppLoadContext } from "@remix-run/node";
import { getSql, type Sql } from "~/db.server";
import {
  AddAppSchema,
  AddNoteSchema,
  AddWidgetSchema,
  EditAppSchema,
  EditNoteSchema,
  EditWidgetSchema,
  ItemRefSchema,
  ItemVisibilitySchema,
  usernameList,
  type ItemInput,
} from "./boards";
import { testIntegration } from "~/integrations/check.server";
import { kindOf } from "~/integrations/registry.server";
import type { BoardGrant } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { integrationAllows } from "~/permissions/integrations";
import { integrationLevels } from "~/permissions/integrations.server";
import type { Subject } from "~/permissions/resource-rules";
import type { FlashCode } from "~/utils/flash-messages";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, formError, handlerFor, intentOf } from "~/utils/form-reply.server";
import { auditActorFrom, type AuditActor } from "~/models/audit.server";
import { addItem, moveItem, removeItem, setItemAudience, UnknownItemError, updateItem } from "~/models/boards.server";
import { resolveAudiences, UnknownAudienceError } from "~/models/item-audience.server";
import { askerOf } from "~/models/resource-rows.server";
import { itemsShownTo } from "~/models/board-items.server";
import { recordCheck } from "~/models/integrations.server";

const refuse = (message: string) => new Refusal("forbidden", message);

export async function handleBoardForm(request: Request, context: AppLoadContext, access: BoardGrant) {
  const formData = await request.formData();
  const intent = intentOf(formData);
  // Asking needs `view` (the route's rule); every form but "Re-check now" changes the board.
  if (intent !== "recheck") access.need("modify");
  const handle = handlerFor(BOARD_FORMS, intent);
  if (!handle) return formError(intent, "Unknown action.");
  try {
    return await handle({ request, access, formData, intent, sql: getSql(), audit: auditActorFrom(context) });
  } catch (error) {
    if (error instanceof UnknownItemError) return formError(intent, error.message);
    throw error;
  }
}

/** What each of the board page's forms is handled with: the form, and the board with the asker's access to it. */
interface BoardForm {
  request: Request;
  access: BoardGrant;
  formData: FormData;
  intent: string;
  sql: Sql;
  audit: AuditActor;
}

/** Back to the board in edit mode: whoever changed it is still editing (issue #19 item 9). */
const backTo = (board: { name: string }, code?: FlashCode) => {
  const to = `/boards/${board.name}?mode=edit`;
  return code ? redirectWithFlash(to, code) : redirect(to);
};

/** Adds an item, or replaces the one the form names (edit-…). */
async function saveItem({ access, sql, audit }: BoardForm, itemId: string | undefined, item: ItemInput) {
  if (itemId) await updateItem(sql, audit, access.board.id, itemId, item);
  else await addItem(sql, audit, access.board.id, item);
}

async function saveApp(form: BoardForm) {
  const { formData, intent, access } = form;
  const s = parseWithValibot(formData, { schema: intent === "add-app" ? AddAppSchema : EditAppSchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  const item = { kind: "app" as const, title: s.value.title, url: s.value.url, iconUrl: s.value.iconUrl ?? null, newTab: s.value.newTab };
  await saveItem(form, "itemId" in s.value ? s.value.itemId : undefined, item);
  return backTo(access.board, intent === "add-app" ? "app-added" : "app-saved");
}

async function saveNote(form: BoardForm) {
  const { formData, intent, access } = form;
  const s = parseWithValibot(formData, { schema: intent === "add-note" ? AddNoteSchema : EditNoteSchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  await saveItem(form, "itemId" in s.value ? s.value.itemId : undefined, { kind: "note", body: s.value.body });
  return backTo(access.board, intent === "add-note" ? "note-added" : "note-saved");
}

/** A widget shows an integration the editor may use, with the options its kind needs. */
async function saveWidget(form: BoardForm) {
  const { formData, intent, access, sql } = form;
  const s = parseWithValibot(formData, { schema: intent === "add-widget" ? AddWidgetSchema : EditWidgetSchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  const usable = (await integrationLevels(sql, access.subject, [s.value.integrationId])).get(s.value.integrationId);
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
  await saveItem(form, "itemId" in s.value ? s.value.itemId : undefined, item);
  return backTo(access.board, intent === "add-widget" ? "widget-added" : "widget-saved");
}

/** "Who sees it": everyone who sees the board, or the groups ticked and the people named. */
async function saveVisibility(form: BoardForm) {
  const { formData, intent, access, sql, audit } = form;
  const s = parseWithValibot(formData, { schema: ItemVisibilitySchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  // A widget's audience is who its data is shown to (a display link too, as its maker): changing it
  // needs `use` on its integration, as placing it does (attack34).
  const [widget] = await sql<{ integrationId: string | null }[]>`
    select integration_id from board_items where id = ${s.value.itemId} and board_id = ${access.board.id} and kind = 'integration'`;
  if (widget?.integrationId && !(await integrationLevels(sql, access.subject, [widget.integrationId])).has(widget.integrationId))
    return formError(intent, "Only someone who may use this widget's integration can change who sees it.");
  const wanted = s.value.audience === "everyone" ? null : { users: usernameList(s.value.users), groups: s.value.groups ?? [] };
  let audience;
  try {
    [audience] = await resolveAudiences(sql, access.board.id, askerOf(access.actor), access.level, [wanted]);
  } catch (error) {
    if (!(error instanceof UnknownAudienceError)) throw error;
    const fieldErrors = {
      ...(error.users.length ? { users: [`No active account is called ${error.users.map((u) => `"${u}"`).join(", ")}`] } : {}),
      ...(error.groups.length ? { groups: ["That group no longer exists. The page has been refreshed."] } : {}),
    };
    return badRequest(intent, s.reply({ fieldErrors }));
  }
  await setItemAudience(sql, audit, access.board.id, s.value.itemId, audience);
  return backTo(access.board, "visibility-saved");
}

/** The item a move, remove or re-check names. */
function itemRef({ formData }: BoardForm) {
  return parseWithValibot(formData, { schema: ItemRefSchema });
}

async function moveItemUpOrDown(form: BoardForm) {
  const s = itemRef(form);
  if (s.status !== "success") return badRequest(form.intent, s.reply());
  await moveItem(form.sql, form.audit, form.access.board.id, s.value.itemId, form.intent === "move-up" ? -1 : 1);
  return backTo(form.access.board);
}

async function removeItemFromBoard(form: BoardForm) {
  const s = itemRef(form);
  if (s.status !== "success") return badRequest(form.intent, s.reply());
  await removeItem(form.sql, form.audit, form.access.board.id, s.value.itemId);
  return backTo(form.access.board, "item-removed");
}

/** "Re-check now" on a widget: an action on the remote service, so it needs `interact`. */
async function recheckWidget(form: BoardForm) {
  const s = itemRef(form);
  if (s.status !== "success") return badRequest(form.intent, s.reply());
  const { request, access, sql, audit } = form;
  // Only a widget the asker is shown: one hidden from them answers like one that isn't there.
  const shown = await itemsShownTo(sql, access.board.id, access.subject, access.level);
  const item = shown.find((i) => i.id === s.value.itemId && i.kind === "integration");
  if (!item?.integrationId) return formError("recheck", "That widget is no longer on this board.");
  const usable = (await integrationLevels(sql, access.subject, [item.integrationId])).get(item.integrationId);
  // No `use`: the same answer as for a widget that isn't there, so nothing is learned.
  if (!usable) return formError("recheck", "That widget is no longer on this board.");
  if (!integrationAllows(usable.level, "interact"))
    throw refuse(`You need "interact" access to this integration; you have "${usable.level}".`);
  const kind = kindOf(usable.record.kind);
  if (!kind) return formError("recheck", `Unknown kind "${usable.record.kind}".`);
  const result = await testIntegration(sql, kind, usable.record, request.signal);
  await recordCheck(sql, audit, usable.record.id, result);
  // The URL names the widget; the page reads the outcome back from the database (never text from a URL).
  return redirect(`/boards/${access.board.name}?checked=${encodeURIComponent(item.id)}`);
}

const BOARD_FORMS = {
  "add-app": saveApp,
  "edit-app": saveApp,
  "add-note": saveNote,
  "edit-note": saveNote,
  "add-widget": saveWidget,
  "edit-widget": saveWidget,
  "set-visibility": saveVisibility,
  "move-up": moveItemUpOrDown,
  "move-down": moveItemUpOrDown,
  remove: removeItemFromBoard,
  recheck: recheckWidget,
};

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
