import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Form, useLoaderData } from "@remix-run/react";
import { validatedSessionId } from "~/auth/actor.server";
import { sessionRef } from "~/auth/tokens.server";
import { SessionList } from "~/components/session-list";
import { Button, Notice, PageHeader, Section } from "~/components/ui";
import { getSql } from "~/db.server";
import { auditActorFrom, type AuditActor } from "~/models/audit.server";
import { listUserSessions, revokeOtherSessions, revokeSession } from "~/models/sessions.server";
import { describeDevice } from "~/utils/device";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { handlerFor, intentOf } from "~/utils/form-reply.server";

export const meta: MetaFunction = () => [{ title: "Sessions · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/settings.sessions");
  const { request } = args;
  const sessions = await listUserSessions(getSql(), actor.user.id, validatedSessionId(actor));
  const { notice, init } = await takeFlash(request);
  return data({ sessions: sessions.map((s) => ({ ...s, device: describeDevice(s.userAgent) })), notice }, init);
}

export async function action(args: ActionFunctionArgs) {
  const { actor } = await authorize(args, "routes/settings.sessions");
  const { request, context } = args;
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
  return redirectWithFlash("/settings/sessions", ended ? "session-ended" : "session-gone");
}

async function signOutOthers({ userId, current, audit }: SessionForm) {
  // "Everywhere else" needs the session this request came with, to keep it.
  if (!current) throw unknownAction();
  await revokeOtherSessions(getSql(), audit, userId, current);
  return redirectWithFlash("/settings/sessions", "other-sessions-ended");
}

const unknownAction = () => new Response("Unknown action", { status: 400 });

const SESSION_FORMS = { revoke: endSession, "revoke-others": signOutOthers };

export default function SessionsPage() {
  const { sessions, notice } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-2xl space-y-6">
      <PageHeader title="Sessions" />
      <Notice>{notice}</Notice>
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
