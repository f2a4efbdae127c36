import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { ItemView as BoardItem, WidgetView } from "~/integrations/widgets.server";

/** One app: a card linking out, with its icon when it has one. */
function AppCard({ item }: { item: BoardItem }) {
  const newTab = item.newTab ? { target: "_blank", rel: "noopener noreferrer" } : { rel: "noreferrer" };
  return (
    <a
      href={item.url ?? "#"}
      {...newTab}
      className="flex items-center gap-3 rounded border border-slate-200 bg-white p-3 hover:border-slate-400"
    >
      {item.iconUrl ? (
        <img src={item.iconUrl} alt="" width={32} height={32} referrerPolicy="no-referrer" className="h-8 w-8 object-contain" />
      ) : (
        <span aria-hidden className="flex h-8 w-8 items-center justify-center rounded bg-slate-200 text-sm font-semibold">
          {(item.title ?? "?").slice(0, 1).toUpperCase()}
        </span>
      )}
      <span className="min-w-0">
        <span className="block truncate font-medium">{item.title}</span>
        <span className="block truncate text-xs text-slate-500">{item.url}</span>
      </span>
    </a>
  );
}

/**
 * Edit mode: this tile links into a protected app but doesn't open it for the board's viewers, since
 * whoever placed it can't protect apps (README, Protect your apps). Said in words, not only a colour.
 */
function UnopenedApp({ app }: { app: string }) {
  return (
    <p className="mt-1 text-xs text-amber-900">
      <span aria-hidden>⚠ </span>
      Doesn't open {app} for viewers: placed, or shown to other people, by someone who can't protect apps. Saving it yourself opens it for
      whoever sees the tile.
    </p>
  );
}

/** For the board's editors: who a limited item is for (everyone else who sees the board doesn't see it). */
function Audience({ to }: { to: NonNullable<BoardItem["visibleTo"]> }) {
  const names = [...to.groups.map((g) => g.name), ...to.users.map((u) => u.username)];
  return (
    <p className="mt-1 text-xs text-slate-600" data-testid="item-audience">
      <span aria-hidden>👁 </span>
      {names.length ? `Only for ${names.join(", ")}` : "Only for the board's editors"}
    </p>
  );
}

/** A note is text: React escapes it, CSS keeps its line breaks. */
function NoteCard({ item }: { item: BoardItem }) {
  return <p className="whitespace-pre-line rounded border border-amber-200 bg-amber-50 p-3 text-sm">{item.body}</p>;
}

/** An integration widget: its data, its error, or a refusal that names nothing. */
function WidgetCard({ item, widget, action }: { item: BoardItem; widget?: WidgetView; action?: string }) {
  if (!widget || widget.state === "denied") {
    return (
      <div className="rounded border border-slate-200 bg-slate-100 p-3 text-sm text-slate-600" data-testid="widget-denied">
        {item.title ? <span className="block font-medium text-slate-800">{item.title}</span> : null}
        You don't have access to this integration.
      </div>
    );
  }
  const heading = item.title || widget.integration.name;
  return (
    <div className="rounded border border-slate-200 bg-white p-3 text-sm" data-testid="widget">
      <span className="block font-medium">{heading}</span>
      {widget.state === "error" ? (
        <p role="alert" className="text-red-700">
          {widget.message}
        </p>
      ) : widget.data.type === "status" ? (
        <p className={widget.data.up ? "text-emerald-700" : "text-red-700"}>
          {widget.data.up ? "Up" : "Down"} · {widget.data.message} · {widget.data.ms} ms
        </p>
      ) : (
        <p>
          <span className="text-slate-500">{widget.data.label}:</span> <strong>{widget.data.value}</strong>
        </p>
      )}
      {widget.canInteract ? (
        <Form method="post" action={action} className="mt-1">
          <input type="hidden" name="intent" value="recheck" />
          <input type="hidden" name="itemId" value={item.id} />
          <button type="submit" className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100">
            Re-check now
          </button>
        </Form>
      ) : null}
    </div>
  );
}

/** Edit mode's controls under a tile: the grid reads left to right, so moves are left and right. */
function ItemControls({ item, first, last }: { item: BoardItem; first: boolean; last: boolean }) {
  const control = (intent: string, label: string, disabled = false) => (
    <Form method="post" className="inline">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="itemId" value={item.id} />
      <button
        type="submit"
        disabled={disabled}
        aria-label={`${label} ${item.title ?? "note"}`}
        className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-40"
      >
        {label}
      </button>
    </Form>
  );
  return (
    <div className="mt-1 flex flex-wrap gap-1">
      {control("move-up", "Move left", first)}
      {control("move-down", "Move right", last)}
      <Link
        to={`?mode=edit&edit=${item.id}`}
        aria-label={`Edit ${item.title ?? "note"}`}
        className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100"
      >
        Edit
      </Link>
      <Link
        to={`?mode=edit&visibility=${item.id}`}
        aria-label={`Who sees it: ${item.title ?? "note"}`}
        className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100"
      >
        Who sees it
      </Link>
      {control("remove", "Remove")}
    </div>
  );
}

/**
 * The board's items in order, as a dashboard; in edit mode each has its controls and `editor` replaces
 * the one being edited.
 */
export function BoardItems({
  items,
  canModify,
  editMode = false,
  editHref,
  editing,
  editor,
  recheckAction,
}: {
  /** Where "Re-check now" posts (the board page; `/` shows boards too). */
  recheckAction?: string;
  items: BoardItem[];
  canModify: boolean;
  editMode?: boolean;
  /** Where an editor switches to edit mode, for the empty board's hint. */
  editHref?: string;
  editing?: string | null;
  editor?: ReactNode;
}) {
  if (!items.length) {
    return (
      <p className="rounded border border-dashed border-slate-300 p-6 text-center text-slate-600">
        {editMode ? (
          "This board is empty: add an app or a note below."
        ) : canModify && editHref ? (
          <>
            This board is empty.{" "}
            <Link to={editHref} className="underline">
              Add an app or a note
            </Link>
          </>
        ) : (
          "This board is empty."
        )}
      </p>
    );
  }
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Board items">
      {items.map((item, i) => (
        <li key={item.id}>
          {editing === item.id && editor ? (
            editor
          ) : (
            <>
              {item.kind === "app" ? (
                <AppCard item={item} />
              ) : item.kind === "note" ? (
                <NoteCard item={item} />
              ) : (
                <WidgetCard item={item} widget={item.widget} action={recheckAction} />
              )}
              {item.visibleTo ? <Audience to={item.visibleTo} /> : null}
              {editMode && item.unopenedApp ? <UnopenedApp app={item.unopenedApp} /> : null}
              {editMode ? <ItemControls item={item} first={i === 0} last={i === items.length - 1} /> : null}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
