import { parseWithValibot } from "@conform-to/valibot";
import { authorize } from "~/permissions/authorize.server";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { BoardGeneralForm } from "~/components/board-forms";
import { PageHeader } from "~/components/ui";
import { getSql } from "~/db.server";
import { NewBoardSchema } from "~/forms/boards";
import { auditActorFrom } from "~/models/audit.server";
import { BoardNameTakenError, createBoard } from "~/models/boards.server";
import { redirectWithFlash } from "~/utils/flash.server";

export const meta: MetaFunction = () => [{ title: "New board · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/boards.new");
  return null;
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/boards.new");
  const { request, context } = args;
  const submission = parseWithValibot(await request.formData(), { schema: NewBoardSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await createBoard(getSql(), auditActorFrom(context), submission.value);
  } catch (error) {
    if (error instanceof BoardNameTakenError) return data(submission.reply({ fieldErrors: { name: [error.message] } }), { status: 400 });
    throw error;
  }
  // A new board is empty: its creator lands in edit mode, where the add forms are.
  return redirectWithFlash(`/boards/${submission.value.name}?mode=edit`, "board-created");
}

export default function NewBoardPage() {
  const lastResult = useActionData<typeof action>();
  return (
    <div className="space-y-4">
      <PageHeader title="New board" crumbs={[{ to: "/boards", label: "Boards" }]} />
      <p className="text-sm text-slate-600">You will have full access to the boards you create, and can share them afterwards.</p>
      <BoardGeneralForm lastResult={lastResult} submitLabel="Create board" />
    </div>
  );
}
