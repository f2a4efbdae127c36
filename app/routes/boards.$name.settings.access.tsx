import { parseWithValibot } from "@conform-to/valibot";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AccessRows, BOARD_WORDS, CheckUser } from "~/components/access-rows";
import { BoardSettingsHeader } from "~/components/board-tabs";
import { Notice } from "~/components/ui";
import { getSql } from "~/db.server";
import { GrantGroupSchema, GrantUserSchema, RevokeSchema } from "~/forms/boards";
import { auditActorFrom } from "~/models/audit.server";
import { explainAccess, grantGroup, grantUser, listGrants, revokeGroup, revokeUser, UnknownGroupError } from "~/models/board-access.server";
import { UnknownUserError } from "~/models/groups.server";
import { requireBoardAccess } from "~/permissions/board-guard.server";
import { badRequest, intentOf, type IntentReply } from "~/utils/form-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Access · ${data?.board.title ?? "Board"} · Porch` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { board } = await requireBoardAccess(request, context, params.name, "full");
  const check = (new URL(request.url).searchParams.get("check") ?? "").trim().slice(0, 64);
  const [grants, explanation] = await Promise.all([
    listGrants(getSql(), board.id),
    check ? explainAccess(getSql(), board.id, check) : null,
  ]);
  return { board: { name: board.name, title: board.title }, grants, check, explanation };
}

const fail = (intent: string, message: string) => badRequest(intent, { status: "error", error: { "": [message] } });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { board } = await requireBoardAccess(request, context, params.name, "full");
  const formData = await request.formData();
  const intent = intentOf(formData);
  const sql = getSql();
  const audit = auditActorFrom(context);
  const done = () => redirect(`/boards/${board.name}/settings/access?saved=1`);
  try {
    if (intent === "grant-user") {
      const s = parseWithValibot(formData, { schema: GrantUserSchema });
      if (s.status !== "success") return fail(intent, Object.values(s.error ?? {}).flat()[0] ?? "Check the form.");
      await grantUser(sql, audit, board.id, s.value.username, s.value.level);
      return done();
    }
    if (intent === "grant-group") {
      const s = parseWithValibot(formData, { schema: GrantGroupSchema });
      if (s.status !== "success") return fail(intent, Object.values(s.error ?? {}).flat()[0] ?? "Check the form.");
      await grantGroup(sql, audit, board.id, s.value.groupId, s.value.level);
      return done();
    }
    if (intent === "revoke-user" || intent === "revoke-group") {
      const s = parseWithValibot(formData, { schema: RevokeSchema });
      if (s.status !== "success") return fail(intent, "Unknown row.");
      await (intent === "revoke-user" ? revokeUser : revokeGroup)(sql, audit, board.id, s.value.id);
      return done();
    }
  } catch (error) {
    if (error instanceof UnknownUserError || error instanceof UnknownGroupError) return fail(intent, error.message);
    throw error;
  }
  return fail(intent, "Unknown action.");
}

export default function BoardAccessPage() {
  const { board, grants, check, explanation } = useLoaderData<typeof loader>();
  const reply = useActionData<IntentReply>();
  const [params] = useSearchParams();
  const errorsOf = (kind: string) => (reply?.intent.endsWith(`-${kind}`) ? (reply.result.error?.[""] ?? undefined) : undefined);
  return (
    <div className="space-y-6">
      <BoardSettingsHeader board={board} />
      <Notice>{params.get("saved") ? "Access saved." : null}</Notice>
      <p className="text-sm text-slate-600">
        The creator always has full access; holders of board-view-all, board-modify-all or board-full-all have that level on every board.
      </p>
      <AccessRows words={BOARD_WORDS} users={grants.users} groups={grants.groups} otherGroups={grants.otherGroups} errors={{ user: errorsOf("user"), group: errorsOf("group") }} />
      <CheckUser words={BOARD_WORDS} query={check} explanation={explanation} />
    </div>
  );
}
