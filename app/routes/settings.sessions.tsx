import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Form, useLoaderData } from "@remix-run/react";
import { validatedSessionId } from "~/auth/actor.server";
import { sessionRef } from "~/auth/tokens.server";
import { SessionList } from "~/components/session-list";
import { Button, formatDate, Notice, PageHeader, Section } from "~/components/ui";
import { getSql } from "~/db.server";
import { auditActorFrom, type AuditActor } from "~/models/audit.server";
import { approvedNotCollected, cancelApproval } from "~/models/device-sign-ins.server";
import { listUserSessions, revokeOtherSessions, revokeSession } from "~/models/sessions.server";
import { describeDevice } from "~/utils/device";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { handlerFor, intentOf } from "~/utils/form-reply.server";

export const meta: MetaFunction = () => [{ title: "Sessions · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/settings.sessions");
  const { request } = args;
  const sessions = await listUserSessions(getSql(), actor.user.id, validatedSessionId(actor));
  // Devices approved with a code that haven't signed in yet (attack37: invisible, they outlived a clean-up).
  const waiting = (await approvedNotCollected(getSql(), actor.user.id)).map((w) => ({
    id: w.id,
    device: describeDevice(w.userAgent),
    ip: w.ip,
    until: w.expiresAt,
  }));
  const { notice, init } = await takeFlash(request);
  return data({ sessions: sessions.map((s) => ({ ...s, device: describeDevice(s.userAgent) })), waiting, notice }, init);
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

async function cancelWaiting({ formData, userId }: SessionForm) {
  const cancelled = await cancelApproval(getSql(), userId, String(formData.get("request") ?? ""));
  return redirectWithFlash("/settings/sessions", cancelled ? "approval-cancelled" : "approval-gone");
}

const SESSION_FORMS = { revoke: endSession, "revoke-others": signOutOthers, "cancel-approval": cancelWaiting };

export default function SessionsPage() {
  const { sessions, waiting, notice } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-2xl space-y-6">
      <PageHeader title="Sessions" />
      <Notice>{notice}</Notice>
      <Section title="Where you are signed in">
        <SessionList sessions={sessions} />
        {waiting.length ? (
          <div className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            <p className="font-medium">Approved with a code, not signed in yet:</p>
            <ul className="list-disc ps-5">
              {waiting.map((w) => (
                <li key={w.id} className="flex flex-wrap items-center gap-2">
                  {w.device}, {w.ip ?? "unknown address"} (can sign in until {formatDate(w.until)})
                  <Form method="post">
                    <input type="hidden" name="intent" value="cancel-approval" />
                    <input type="hidden" name="request" value={w.id} />
                    <Button variant="secondary" aria-label={`Cancel the approval of ${w.device}`}>
                      Cancel
                    </Button>
                  </Form>
                </li>
              ))}
            </ul>
            <p>If you didn&rsquo;t mean to, cancel it; &ldquo;Sign out everywhere else&rdquo; cancels these too.</p>
          </div>
        ) : null}
        {sessions.length > 1 || waiting.length ? (
          <Form method="post">
            <input type="hidden" name="intent" value="revoke-others" />
            <Button variant="secondary">Sign out everywhere else</Button>
          </Form>
        ) : null}
      </Section>
    </div>
  );
}
