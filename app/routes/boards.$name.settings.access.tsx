import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccessTab, BOARD_WORDS } from "~/components/access-rows";
import { BoardSettingsHeader } from "~/components/board-tabs";
import { Notice } from "~/components/ui";
import { handleAccessForm, loadAccessTab } from "~/forms/access.server";
import { boardRows } from "~/models/board-rows.server";
import { BOARD_LEVELS } from "~/permissions/boards";
import { takeFlash } from "~/utils/flash.server";
import type { IntentReply } from "~/utils/form-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Access · ${data?.board.title ?? "Board"} · Porch` }];

export async function loader(args: LoaderFunctionArgs) {
  const { board } = await authorize(args, "routes/boards.$name.settings.access");
  const { request, context } = args;
  const tab = await loadAccessTab(request, context, board.id, boardRows);
  const { notice, init } = await takeFlash(request);
  return data(
    {
      board: { name: board.name, title: board.title },
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
  const { board, grants, check, explanation, scope, notice } = useLoaderData<typeof loader>();
  const reply = useActionData<IntentReply>();
  return (
    <div className="space-y-6">
      <BoardSettingsHeader board={board} />
      <Notice>{notice}</Notice>
      <p className="text-sm text-slate-600">
        The creator always has full access; holders of board-view-all, board-modify-all or board-full-all have that level on every board.
      </p>
      <AccessTab words={BOARD_WORDS} tab={{ grants, check, explanation, scope }} reply={reply} />
    </div>
  );
}
