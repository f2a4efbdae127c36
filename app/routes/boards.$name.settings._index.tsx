import { parseWithValibot } from "@conform-to/valibot";
import { authorize } from "~/permissions/authorize.server";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { BoardGeneralForm } from "~/components/board-forms";
import { BoardSettingsHeader } from "~/components/board-tabs";
import { ConfirmDelete } from "~/components/confirm-delete";
import { Notice, Section } from "~/components/ui";
import { getSql } from "~/db.server";
import { BoardGeneralSchema } from "~/forms/boards";
import { auditActorFrom } from "~/models/audit.server";
import { BoardNameTakenError, deleteBoard, updateBoard } from "~/models/boards.server";
import { badRequest, intentOf, type IntentReply } from "~/utils/form-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Settings · ${data?.board.title ?? "Board"} · Porch` }];

export async function loader(args: LoaderFunctionArgs) {
  const { board } = await authorize(args, "routes/boards.$name.settings._index");
  const { request } = args;
  return {
    board: { name: board.name, title: board.title, isPublic: board.isPublic },
    confirming: new URL(request.url).searchParams.get("confirm") === "delete",
  };
}

export async function action(args: ActionFunctionArgs) {
  const { board } = await authorize(args, "routes/boards.$name.settings._index");
  const { request, context } = args;
  const formData = await request.formData();
  const intent = intentOf(formData);
  const audit = auditActorFrom(context);
  if (intent === "general") {
    const s = parseWithValibot(formData, { schema: BoardGeneralSchema });
    if (s.status !== "success") return badRequest(intent, s.reply());
    try {
      await updateBoard(getSql(), audit, board.id, { name: s.value.name, title: s.value.title, isPublic: s.value.isPublic });
    } catch (error) {
      if (error instanceof BoardNameTakenError) return badRequest(intent, s.reply({ fieldErrors: { name: [error.message] } }));
      throw error;
    }
    return redirect(`/boards/${s.value.name}/settings?saved=1`);
  }
  if (intent === "delete") {
    await deleteBoard(getSql(), audit, board);
    return redirect("/boards?deleted=1");
  }
  return badRequest(intent, { status: "error", error: { "": ["Unknown action."] } });
}

export default function BoardSettingsPage() {
  const { board, confirming } = useLoaderData<typeof loader>();
  const reply = useActionData<IntentReply>();
  const [params] = useSearchParams();
  return (
    <div className="space-y-6">
      <BoardSettingsHeader board={board} />
      <Notice>{params.get("saved") ? "Board saved." : null}</Notice>
      <Section title="General">
        <BoardGeneralForm
          key={board.name}
          board={board}
          lastResult={reply?.intent === "general" ? reply.result : undefined}
          submitLabel="Save"
        />
        <p className="text-xs text-slate-500">Renaming changes the board's address: old links to /boards/{board.name} stop working.</p>
      </Section>
      <ConfirmDelete
        what="board"
        name={board.name}
        confirming={confirming}
        lastResult={reply?.intent === "delete" ? reply.result : undefined}
        question={
          <>
            Delete the board <strong>{board.title}</strong> and all its items? This can't be undone.
          </>
        }
      />
    </div>
  );
}
