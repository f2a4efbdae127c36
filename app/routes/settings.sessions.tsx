import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { validatedSessionId } from "~/auth/actor.server";
import { sessionRef } from "~/auth/tokens.server";
import { SessionList } from "~/components/session-list";
import { Button, Notice, PageHeader, Section } from "~/components/ui";
import { getSql } from "~/db.server";
import { auditActorFrom, type AuditActor } from "~/models/audit.server";
import { listUserSessions, revokeOtherSessions, revokeSession } from "~/models/sessions.server";
import { requireUser } from "~/permissions/guards.server";
import { describeDevice } from "~/utils/device";
import { handlerFor, intentOf } from "~/utils/form-reply.server";
import { noticeFor } from "~/utils/notice";

export const meta: MetaFunction = () => [{ title: "Sessions · Porch" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  const sessions = await listUserSessions(getSql(), actor.user.id, validatedSessionId(actor));
  return { sessions: sessions.map((s) => ({ ...s, device: describeDevice(s.userAgent) })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireUser(request, context);
  const formData = await request.formData();
  const handle = handlerFor(SESSION_FORMS, intentOf(formData));
  if (!handle) throw unknownAction();
  return handle({ formData, userId: actor.user.id, current: validatedSessionId(actor), audit: auditActorFrom(context) });
}

/** What each form is handled with: the form, whose sessions, and the one this request came with. */
interface SessionForm {
  formData: FormData;
  userId: string;
  current: string | null;
  audit: AuditActor;
}

async function endSession({ formData, userId, current, audit }: SessionForm) {
  const ref = String(formData.get("session") ?? "");
  const ended = await revokeSession(getSql(), audit, userId, ref);
  // Ending this very session is signing out.
  if (ended && current && ref === sessionRef(current)) return redirect("/auth/login");
  // Nothing ended (it ended already, or it isn't one of yours): say so rather than claim it.
  return redirect(`/settings/sessions?saved=${ended ? "revoked" : "gone"}`);
}

async function signOutOthers({ userId, current, audit }: SessionForm) {
  // "Everywhere else" needs the session this request came with, to keep it.
  if (!current) throw unknownAction();
  await revokeOtherSessions(getSql(), audit, userId, current);
  return redirect("/settings/sessions?saved=others");
}

const unknownAction = () => new Response("Unknown action", { status: 400 });

const SESSION_FORMS = { revoke: endSession, "revoke-others": signOutOthers };

const SAVED: Record<string, string> = {
  revoked: "That session has ended.",
  gone: "None of your sessions has that reference: it had ended already.",
  others: "You are signed out everywhere else.",
};

export default function SessionsPage() {
  const { sessions } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="max-w-2xl space-y-6">
      <PageHeader title="Sessions" />
      <Notice>{noticeFor(SAVED, params.get("saved"))}</Notice>
      <Section title="Where you are signed in">
        <SessionList sessions={sessions} />
        {sessions.length > 1 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="revoke-others" />
            <Button variant="secondary">Sign out everywhere else</Button>
          </Form>
        ) : null}
      </Section>
    </div>
  );
}
