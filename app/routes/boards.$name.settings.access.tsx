import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccessRows, BOARD_WORDS, CheckUser } from "~/components/access-rows";
import { BoardSettingsHeader } from "~/components/board-tabs";
import { Notice } from "~/components/ui";
import { getSql } from "~/db.server";
import { handleAccessForm } from "~/forms/access.server";
import { askerOf } from "~/models/resource-rows.server";
import { boardRows, explainAccess, listGrants } from "~/models/board-rows.server";
import { BOARD_LEVELS } from "~/permissions/boards";
import { takeFlash } from "~/utils/flash.server";
import type { IntentReply } from "~/utils/form-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Access · ${data?.board.title ?? "Board"} · Porch` }];

export async function loader(args: LoaderFunctionArgs) {
  const { board } = await authorize(args, "routes/boards.$name.settings.access");
  const { request, context } = args;
  const check = (new URL(request.url).searchParams.get("check") ?? "").trim().slice(0, 64);
  const asker = askerOf(context.actor);
  const [grants, explanation] = await Promise.all([
    listGrants(getSql(), board.id, asker),
    check ? explainAccess(getSql(), board.id, check, asker) : null,
  ]);
  const { notice, init } = await takeFlash(request);
  return data(
    {
      board: { name: board.name, title: board.title },
      grants,
      check,
      explanation,
      scope: asker.admin ? ("all" as const) : ("resource" as const),
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
  const errorsOf = (kind: string) => (reply?.intent.endsWith(`-${kind}`) ? (reply.result.error?.[""] ?? undefined) : undefined);
  return (
    <div className="space-y-6">
      <BoardSettingsHeader board={board} />
      <Notice>{notice}</Notice>
      <p className="text-sm text-slate-600">
        The creator always has full access; holders of board-view-all, board-modify-all or board-full-all have that level on every board.
      </p>
      <AccessRows
        words={BOARD_WORDS}
        users={grants.users}
        groups={grants.groups}
        otherGroups={grants.otherGroups}
        suggestions={grants.suggestions}
        errors={{ user: errorsOf("user"), group: errorsOf("group") }}
        scope={scope}
      />
      <CheckUser words={BOARD_WORDS} query={check} explanation={explanation} scope={scope} />
    </div>
  );
}
