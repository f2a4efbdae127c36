import { parseWithValibot } from "@conform-to/valibot";
import type { ReactNode } from "react";
import { managedNote } from "~/models/managed.server";
import { authorize } from "~/permissions/authorize.server";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BoardGeneralForm } from "~/components/board-forms";
import { BoardSettingsHeader } from "~/components/board-tabs";
import { ConfirmDelete } from "~/components/confirm-delete";
import { Notice, Section } from "~/components/ui";
import { getSql } from "~/db.server";
import { BoardGeneralSchema } from "~/forms/boards";
import { auditActorFrom, type AuditActor } from "~/models/audit.server";
import { BoardNameTakenError, deleteBoard, updateBoard } from "~/models/boards.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { badRequest, formError, handlerFor, intentOf, type IntentReply } from "~/utils/form-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Settings · ${data?.board.title ?? "Board"} · Porch` }];

export async function loader(args: LoaderFunctionArgs) {
  const { board } = await authorize(args, "routes/boards.$name.settings._index");
  const { request } = args;
  const { notice, init } = await takeFlash(request);
  return data(
    {
      board: { name: board.name, title: board.title, isPublic: board.isPublic },
      managed: board.managed,
      note: board.managed ? managedNote(`The board ${board.name} (its items, settings and access)`) : null,
      confirming: new URL(request.url).searchParams.get("confirm") === "delete",
      notice,
    },
    init,
  );
}

export async function action(args: ActionFunctionArgs) {
  const { board } = await authorize(args, "routes/boards.$name.settings._index");
  const { request, context } = args;
  const formData = await request.formData();
  const intent = intentOf(formData);
  const handle = handlerFor(BOARD_SETTINGS_FORMS, intent);
  if (!handle) return formError(intent, "Unknown action.");
  return handle({ formData, intent, board, audit: auditActorFrom(context) });
}

/** What each form is handled with: the form, and the board. */
interface BoardSettingsForm {
  formData: FormData;
  intent: string;
  board: { id: string; name: string };
  audit: AuditActor;
}

async function saveGeneral({ formData, intent, board, audit }: BoardSettingsForm) {
  const s = parseWithValibot(formData, { schema: BoardGeneralSchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  try {
    await updateBoard(getSql(), audit, board.id, { name: s.value.name, title: s.value.title, isPublic: s.value.isPublic });
  } catch (error) {
    if (error instanceof BoardNameTakenError) return badRequest(intent, s.reply({ fieldErrors: { name: [error.message] } }));
    throw error;
  }
  return redirectWithFlash(`/boards/${s.value.name}/settings`, "board-saved");
}

async function deleteTheBoard({ board, audit }: BoardSettingsForm) {
  await deleteBoard(getSql(), audit, board);
  return redirectWithFlash("/boards", "board-deleted");
}

const BOARD_SETTINGS_FORMS = { general: saveGeneral, delete: deleteTheBoard };

export default function BoardSettingsPage() {
  const { board, managed, note, confirming, notice } = useLoaderData<typeof loader>();
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
      <Locked on={managed}>
        <Section title="General">
          <BoardGeneralForm
            key={board.name}
            board={board}
            lastResult={reply?.intent === "general" ? reply.result : undefined}
            submitLabel="Save"
          />
          <p className="text-xs text-slate-500">Renaming changes the board's address: old links to /boards/{board.name} stop working.</p>
        </Section>
      </Locked>
      {managed ? null : (
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
      )}
    </div>
  );
}

/** What the provisioning file keeps: shown, not usable (the models refuse it anyway); no wrapper otherwise. */
function Locked({ on, children }: { on: boolean; children: ReactNode }) {
  return on ? (
    <fieldset disabled className="contents">
      {children}
    </fieldset>
  ) : (
    <>{children}</>
  );
}
