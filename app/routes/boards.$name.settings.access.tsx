import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { managedNote } from "~/models/managed.server";
import { authorize } from "~/permissions/authorize.server";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccessTab, BOARD_WORDS } from "~/components/access-rows";
import { BoardSettingsHeader } from "~/components/board-tabs";
import { Notice } from "~/components/ui";
import { handleAccessForm, loadAccessTab } from "~/forms/access.server";
import { boardRows } from "~/models/board-rows.server";
import { BOARD_LEVELS, isBoardLevel } from "~/permissions/boards";
import { getSql } from "~/db.server";
import { itemsOfPerson, shownItems } from "~/models/view-as.server";
import { askerOf } from "~/models/resource-rows.server";
import { itemLabel } from "~/utils/item-label";
import { takeFlash } from "~/utils/flash.server";
import type { IntentReply } from "~/utils/form-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Access · ${data?.board.title ?? "Board"} · Porch` }];

export async function loader(args: LoaderFunctionArgs) {
  const { board } = await authorize(args, "routes/boards.$name.settings.access");
  const { request, context } = args;
  // Check a user also lists the items they see (issue #22), by the board page's own rule.
  const tab = await loadAccessTab(request, context, board.id, boardRows, async ({ userId, level }) => {
    const at = isBoardLevel(level) ? level : null;
    const shown = shownItems({ level: at, items: at ? await itemsOfPerson(getSql(), board.id, userId, askerOf(context.actor)) : [] });
    return { items: shown.map((i) => ({ id: i.id, label: itemLabel(i) })), leftOut: shown.leftOut };
  });
  const { notice, init } = await takeFlash(request);
  return data(
    {
      board: { name: board.name, title: board.title },
      note: board.managed ? managedNote(`The board ${board.name}'s access`) : null,
      ...tab,
      notice,
    },
    init,
  );
}

export async function action(args: ActionFunctionArgs) {
  const { board } = await authorize(args, "routes/boards.$name.settings.access");
  const { request, context } = args;
  return handleAccessForm(request, context, {
    rows: boardRows,
    levels: BOARD_LEVELS,
    resourceId: board.id,
    back: `/boards/${board.name}/settings/access`,
  });
}

export default function BoardAccessPage() {
  const { board, note, grants, check, explanation, also: seen, scope, notice } = useLoaderData<typeof loader>();
  const reply = useActionData<IntentReply>();
  return (
    <div className="space-y-6">
      <BoardSettingsHeader board={board} />
      <Notice>{notice}</Notice>
      {note ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="managed-note">
          {note}
        </p>
      ) : null}
      <p className="text-sm text-slate-600">
        The creator always has full access; holders of board-view-all, board-modify-all or board-full-all have that level on every board.
      </p>
      <AccessTab words={BOARD_WORDS} tab={{ grants, check, explanation, scope }} reply={reply} />
      {explanation && seen ? (
        <section aria-label={`Items ${explanation.username} sees`} className="text-sm" data-testid="items-seen">
          <p className="font-medium">
            {seen.items.length
              ? `${explanation.username} sees ${seen.items.length} item${seen.items.length === 1 ? "" : "s"} on this board:`
              : `${explanation.username} sees no items on this board.`}
          </p>
          <ul className="list-disc pl-5">
            {seen.items.map((i) => (
              <li key={i.id}>{i.label}</li>
            ))}
          </ul>
          {seen.leftOut ? (
            <p className="text-slate-600">
              {seen.leftOut} more limited to groups you can&apos;t see: whether they see {seen.leftOut === 1 ? "it" : "them"} isn&apos;t
              shown to you.
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
