import { parseWithValibot } from "@conform-to/valibot";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppForm, NoteForm } from "~/components/board-item-forms";
import { BoardItems } from "~/components/board-view";
import { Notice, PageHeader, Section } from "~/components/ui";
import { getSql } from "~/db.server";
import { AddAppSchema, AddNoteSchema, EditAppSchema, EditNoteSchema, ItemRefSchema } from "~/forms/boards";
import { auditActorFrom } from "~/models/audit.server";
import { addItem, listItems, moveItem, removeItem, UnknownItemError, updateItem } from "~/models/boards.server";
import { requireBoardAccess } from "~/permissions/board-guard.server";
import { allows } from "~/permissions/boards";
import { badRequest, intentOf, type IntentReply } from "~/utils/form-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.board.title ?? "Board"} · Porch` }];

const SAVED: Record<string, string> = {
  created: "Board created. Add apps and notes below; share it from Settings → Access.",
  "add-app": "App added.",
  "add-note": "Note added.",
  "edit-app": "App saved.",
  "edit-note": "Note saved.",
  remove: "Item removed.",
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { board, level } = await requireBoardAccess(request, context, params.name, "view");
  const items = await listItems(getSql(), board.id);
  const editing = new URL(request.url).searchParams.get("edit");
  return {
    board: { name: board.name, title: board.title, isPublic: board.isPublic },
    level,
    items,
    canModify: allows(level, "modify"),
    canManage: allows(level, "full"),
    editing: allows(level, "modify") && items.some((i) => i.id === editing) ? editing : null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { board } = await requireBoardAccess(request, context, params.name, "modify");
  const formData = await request.formData();
  const intent = intentOf(formData);
  const sql = getSql();
  const audit = auditActorFrom(context);
  const back = (saved?: string) => redirect(`/boards/${board.name}${saved ? `?saved=${saved}` : ""}`);
  try {
    switch (intent) {
      case "add-app":
      case "edit-app": {
        const s = parseWithValibot(formData, { schema: intent === "add-app" ? AddAppSchema : EditAppSchema });
        if (s.status !== "success") return badRequest(intent, s.reply());
        const item = { kind: "app" as const, title: s.value.title, url: s.value.url, iconUrl: s.value.iconUrl ?? null, newTab: s.value.newTab };
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
      case "move-up":
      case "move-down":
      case "remove": {
        const s = parseWithValibot(formData, { schema: ItemRefSchema });
        if (s.status !== "success") return badRequest(intent, s.reply());
        if (intent === "remove") await removeItem(sql, audit, board.id, s.value.itemId);
        else await moveItem(sql, audit, board.id, s.value.itemId, intent === "move-up" ? -1 : 1);
        return back(intent === "remove" ? "remove" : undefined);
      }
      default:
        return badRequest(intent, { status: "error", error: { "": ["Unknown action."] } });
    }
  } catch (error) {
    if (error instanceof UnknownItemError) return badRequest(intent, { status: "error", error: { "": [error.message] } });
    throw error;
  }
}

export default function BoardPage() {
  const { board, level, items, canModify, canManage, editing } = useLoaderData<typeof loader>();
  const reply = useActionData<IntentReply>();
  const [params] = useSearchParams();
  const resultFor = (intent: string) => (reply?.intent === intent ? reply.result : undefined);
  const editingItem = items.find((i) => i.id === editing);
  const general = reply && !["add-app", "add-note", "edit-app", "edit-note"].includes(reply.intent) ? reply.result.error?.[""] : null;
  return (
    <div className="space-y-6">
      <PageHeader title={board.title}>
        <Link to="/boards" className="px-2 py-1.5 text-sm underline">All boards</Link>
        {canManage ? <Link to={`/boards/${board.name}/settings`} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100">Settings</Link> : null}
      </PageHeader>
      <p className="-mt-4 text-sm text-slate-500">
        {board.isPublic ? "Public" : "Private"} board · your access: <strong data-testid="board-access">{level}</strong>
      </p>
      <Notice>{SAVED[params.get("saved") ?? ""]}</Notice>
      {general?.length ? <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">{general.join(" ")}</p> : null}
      <BoardItems
        items={items}
        canModify={canModify}
        editing={editing}
        editor={
          editingItem?.kind === "app" ? (
            <AppForm key={editingItem.id} item={editingItem} lastResult={resultFor("edit-app")} />
          ) : editingItem ? (
            <NoteForm key={editingItem.id} item={editingItem} lastResult={resultFor("edit-note")} />
          ) : null
        }
      />
      {canModify ? (
        <div className="grid gap-4 md:grid-cols-2">
          <Section title="Add an app">
            <AppForm lastResult={resultFor("add-app")} />
          </Section>
          <Section title="Add a note">
            <NoteForm lastResult={resultFor("add-note")} />
          </Section>
        </div>
      ) : null}
    </div>
  );
}
