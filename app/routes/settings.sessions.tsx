import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { validatedSessionId } from "~/auth/actor.server";
import { sessionRef } from "~/auth/tokens.server";
import { SessionList } from "~/components/session-list";
import { Button, Notice, PageHeader, Section } from "~/components/ui";
import { getSql } from "~/db.server";
import { auditActorFrom } from "~/models/audit.server";
import { listUserSessions, revokeOtherSessions, revokeSession } from "~/models/sessions.server";
import { describeDevice } from "~/utils/device";
import { intentOf } from "~/utils/form-reply.server";
import { noticeFor } from "~/utils/notice";

export const meta: MetaFunction = () => [{ title: "Sessions · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/settings.sessions");
  const sessions = await listUserSessions(getSql(), actor.user.id, validatedSessionId(actor));
  return { sessions: sessions.map((s) => ({ ...s, device: describeDevice(s.userAgent) })) };
}

export async function action(args: ActionFunctionArgs) {
  const { actor } = await authorize(args, "routes/settings.sessions");
  const { request, context } = args;
  const formData = await request.formData();
  const intent = intentOf(formData);
  const audit = auditActorFrom(context);
  const current = validatedSessionId(actor);
  if (intent === "revoke") {
    const ref = String(formData.get("session") ?? "");
    const ended = await revokeSession(getSql(), audit, actor.user.id, ref);
    // Ending this very session is signing out.
    if (ended && current && ref === sessionRef(current)) return redirect("/auth/login");
    // Nothing ended (it ended already, or it isn't one of yours): say so rather than claim it.
    return redirect(`/settings/sessions?saved=${ended ? "revoked" : "gone"}`);
  }
  if (intent === "revoke-others" && current) {
    await revokeOtherSessions(getSql(), audit, actor.user.id, current);
    return redirect("/settings/sessions?saved=others");
  }
  throw new Response("Unknown action", { status: 400 });
}

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
