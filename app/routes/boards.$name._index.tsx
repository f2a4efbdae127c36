import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { hasPermission } from "~/auth/actor.server";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Part, prefetchPart } from "~/components/lazy-parts";
import { BoardItems } from "~/components/board-view";
import { Notice, PageHeader, Section } from "~/components/ui";
import { getSql } from "~/db.server";
import { loadWidgets } from "~/integrations/widgets.server";
import { handleBoardForm, recheckNotice } from "~/forms/board-items.server";
import { boardAllows } from "~/permissions/boards";
import { listVisibleIntegrations } from "~/permissions/integrations.server";
import type { IntentReply } from "~/utils/form-reply.server";
import { takeFlash } from "~/utils/flash.server";
import { audienceGroupChoices } from "~/models/item-audience.server";
import { askerOf } from "~/models/resource-rows.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.board.title ?? "Board"} · Porch` }];

/** A board opens as a dashboard; its editors switch to edit mode with a link (`?mode=edit`, `?edit=<item>`, `?visibility=<item>`). */
const asksForEditMode = (search: URLSearchParams) =>
  search.get("mode") === "edit" || search.get("edit") !== null || search.get("visibility") !== null;

/**
 * Edit mode marks tiles that open no protected app for those who may protect apps only: they see every
 * protected app anyway, while to other editors the marker would map protected addresses (attack17).
 */
const marksUnopenedTiles = (args: LoaderFunctionArgs) => {
  const { actor } = args.context;
  return asksForEditMode(new URL(args.request.url).searchParams) && actor.kind !== "guest" && actor.permissions.has("app-protect");
};

export async function loader(args: LoaderFunctionArgs) {
  // The board, the viewer's level and the items (in edit mode, with which app tiles open no app): one round trip.
  const grant = await authorize(args, "routes/boards.$name._index", { items: true, unopenedApps: marksUnopenedTiles(args) });
  const { actor, board, level, subject, items: raw } = grant;
  const { request } = args;
  const search = new URL(request.url).searchParams;
  const editing = search.get("edit");
  // A board the provisioning file keeps is edited there: no edit mode here (ADR 044).
  const canModify = boardAllows(level, "modify") && !board.managed;
  // The controls and add forms (and the integrations they list) are only there when asked for.
  const editMode = canModify && asksForEditMode(search);
  // Which tiles open no app is for the board's editors only, never a viewer who typed ?mode=edit.
  const loaded = await loadWidgets(getSql(), subject, raw, request.signal);
  const items = editMode ? loaded : loaded.map(({ unopenedApp: _, ...i }) => i);
  const { integrations } = editMode ? await listVisibleIntegrations(getSql(), subject, { limit: 500 }) : { integrations: [] };
  // Only the widget being edited brings its integration id, and only when the editor may use it.
  const editingRaw = raw.find((i) => i.id === editing);
  const editingIntegration =
    editingRaw?.integrationId && integrations.some((i) => i.id === editingRaw.integrationId) ? editingRaw.integrationId : null;
  // "Who sees it" for one item: the groups the editor may choose.
  const visibility = editMode && items.some((i) => i.id === search.get("visibility")) ? search.get("visibility") : null;
  const groupChoices = visibility ? await audienceGroupChoices(getSql(), board.id, askerOf(actor), level) : [];
  const { notice, init } = await takeFlash(request);
  return data(
    {
      board: { name: board.name, title: board.title, isPublic: board.isPublic },
      level,
      items,
      integrations: integrations.map((i) => ({ id: i.id, name: i.name, kind: i.kind })),
      editingIntegration,
      checked: await recheckNotice(getSql(), subject, raw, new URL(request.url).searchParams.get("checked")),
      canModify,
      editMode,
      // With nothing to place, an editor who may connect integrations is offered that (issue #19 item 6).
      canConnect: editMode && hasPermission(actor, "integration-create"),
      canManage: boardAllows(level, "full"),
      editing: editMode && items.some((i) => i.id === editing) ? editing : visibility,
      visibility,
      groupChoices,
      notice,
    },
    init,
  );
}

export async function action(args: ActionFunctionArgs) {
  // View is enough to ask; each form then needs its own level (modify, or interact on an integration).
  const grant = await authorize(args, "routes/boards.$name._index");
  return handleBoardForm(args.request, args.context, grant);
}

export default function BoardPage() {
  const {
    board,
    level,
    items,
    integrations,
    editingIntegration,
    checked,
    canModify,
    editMode,
    canConnect,
    canManage,
    editing,
    visibility,
    groupChoices,
    notice,
  } = useLoaderData<typeof loader>();
  const reply = useActionData<IntentReply>();
  const resultFor = (intent: string) => (reply?.intent === intent ? reply.result : undefined);
  const editingItem = items.find((i) => i.id === editing);
  const general =
    reply && !["add-app", "add-note", "edit-app", "edit-note", "add-widget", "edit-widget", "set-visibility"].includes(reply.intent)
      ? reply.result.error?.[""]
      : null;
  return (
    <div className="space-y-6">
      <PageHeader title={board.title}>
        <Link to="/boards" className="px-2 py-1.5 text-sm underline">
          All boards
        </Link>
        {canModify ? (
          <Link
            to={editMode ? `/boards/${board.name}` : `/boards/${board.name}?mode=edit`}
            aria-current={editMode ? "page" : undefined}
            // The edit forms' script, fetched while the pointer is on its way.
            onPointerEnter={() => prefetchPart("board-forms")}
            onFocus={() => prefetchPart("board-forms")}
            className={`rounded border px-3 py-1.5 text-sm font-medium ${editMode ? "border-slate-800 bg-slate-800 text-white hover:bg-slate-700" : "border-slate-300 bg-white hover:bg-slate-100"}`}
          >
            {editMode ? "Done editing" : "Edit board"}
          </Link>
        ) : null}
        {canManage ? (
          <Link
            to={`/boards/${board.name}/settings`}
            className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100"
          >
            Settings
          </Link>
        ) : null}
      </PageHeader>
      <p className="-mt-4 text-sm text-slate-500">
        {board.isPublic ? "Public" : "Private"} board · your access: <strong data-testid="board-access">{level}</strong>
        {editMode ? " · editing: each change is saved as you make it" : null}
      </p>
      <Notice>{notice ?? checked}</Notice>
      {general?.length ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {general.join(" ")}
        </p>
      ) : null}
      <BoardItems
        recheckAction={`/boards/${board.name}`}
        items={items}
        canModify={canModify}
        editMode={editMode}
        editHref={`/boards/${board.name}?mode=edit`}
        editing={editing}
        editor={
          editingItem ? (
            <Part name="board-forms">
              {({ AppForm, NoteForm, WidgetForm, VisibilityForm }) =>
                visibility ? (
                  <VisibilityForm key={editingItem.id} item={editingItem} groups={groupChoices} lastResult={resultFor("set-visibility")} />
                ) : editingItem.kind === "app" ? (
                  <AppForm key={editingItem.id} item={editingItem} lastResult={resultFor("edit-app")} />
                ) : editingItem.kind === "integration" ? (
                  <WidgetForm
                    key={editingItem.id}
                    item={{ ...editingItem, integrationId: editingIntegration }}
                    integrations={integrations}
                    lastResult={resultFor("edit-widget")}
                  />
                ) : (
                  <NoteForm key={editingItem.id} item={editingItem} lastResult={resultFor("edit-note")} />
                )
              }
            </Part>
          ) : null
        }
      />
      {editMode ? (
        <Part name="board-forms">
          {({ AppForm, NoteForm, WidgetForm }) => (
            <div className="grid gap-4 md:grid-cols-2">
              <Section title="Add an app">
                <AppForm lastResult={resultFor("add-app")} />
              </Section>
              <Section title="Add a note">
                <NoteForm lastResult={resultFor("add-note")} />
              </Section>
              <Section title="Add an integration widget">
                <WidgetForm integrations={integrations} canConnect={canConnect} lastResult={resultFor("add-widget")} />
              </Section>
            </div>
          )}
        </Part>
      ) : null}
    </div>
  );
}
