import { data, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { LdapConfig } from "~/auth/ldap/config";
import { findDirectoryUser, LdapError, testDirectoryConnection, type DirectoryUser } from "~/auth/ldap/ldap.server";
import { Button, PageHeader, Section, INLINE_CONTROL } from "~/components/ui";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { auditActorFrom } from "~/models/audit.server";
import { departureSuspected, noticeDirectoryDeparture } from "~/models/directory-departures.server";
import { DirectoryUserRefused, provisionDirectoryUser } from "~/models/directory-users.server";
import { countOf } from "~/utils/count";
import { handlerFor, intentOf } from "~/utils/form-reply.server";

export const meta: MetaFunction = () => [{ title: "LDAP · Porch" }];

type Answer = { intent: string; ok: boolean; message: string; user?: DirectoryUser };

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.tools.ldap");
  const ldap = getConfig().ldap;
  return { enabled: Boolean(ldap), uri: ldap?.uri ?? null, base: ldap?.base ?? null };
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/manage.tools.ldap");
  const { request, context } = args;
  const ldap = getConfig().ldap;
  if (!ldap) throw new Refusal("not-found", "LDAP is not configured");
  const form = await request.formData();
  const intent = intentOf(form);
  const username = String(form.get("username") ?? "")
    .trim()
    .slice(0, 256);
  const handle = handlerFor(LDAP_FORMS, intent);
  if (!handle) return data<Answer>({ intent, ok: false, message: "Unknown action." }, { status: 400 });
  try {
    return await handle({ ldap, intent, username, context });
  } catch (error) {
    if (intent === "sync" && departureSuspected(error)) {
      // Syncing someone the directory no longer has ends what they hold here.
      const left = await noticeDirectoryDeparture(getSql(), ldap, username, auditActorFrom(context));
      if (left) {
        const what = `${countOf(left.sessionsEnded, "session")} and ${countOf(left.apiKeysRevoked, "API key")} ended`;
        return {
          intent,
          ok: true,
          message: `${left.username} is ${left.standing === "gone" ? "no longer in the directory" : "disabled in the directory"}: ${what}.`,
        } satisfies Answer;
      }
    }
    if (error instanceof LdapError) return data<Answer>({ intent, ok: false, message: error.message }, { status: 400 });
    if (error instanceof DirectoryUserRefused) {
      return data<Answer>({ intent, ok: false, message: "A local (non-directory) account already has that username." }, { status: 400 });
    }
    throw error;
  }
}

/** What each form is handled with: the directory's settings, and the username typed (trimmed), if any. */
interface LdapForm {
  ldap: LdapConfig;
  intent: string;
  username: string;
  context: AppLoadContext;
}

async function testConnection({ ldap, intent }: LdapForm) {
  return { intent, ok: true, message: await testDirectoryConnection(ldap) } satisfies Answer;
}

async function findUser({ ldap, intent, username }: LdapForm) {
  if (!username) return data<Answer>({ intent, ok: false, message: "Type a username." }, { status: 400 });
  const user = await findDirectoryUser(ldap, username);
  return { intent, ok: true, message: `Found ${user.dn}`, user } satisfies Answer;
}

/** Creates or updates the account from the directory, as a sign-in would. */
async function syncUser({ ldap, intent, username, context }: LdapForm) {
  if (!username) return data<Answer>({ intent, ok: false, message: "Type a username." }, { status: 400 });
  const user = await findDirectoryUser(ldap, username);
  await provisionDirectoryUser(getSql(), "ldap", user, { adminGroup: ldap.adminGroup, client: context.client });
  return { intent, ok: true, message: `Synced ${user.username}: groups ${user.groups.join(", ") || "(none)"}.`, user } satisfies Answer;
}

const LDAP_FORMS = { test: testConnection, find: findUser, sync: syncUser };

function Result({ answer, intent }: { answer: Answer | undefined; intent: string }) {
  if (!answer || answer.intent !== intent) return null;
  return (
    <div
      role={answer.ok ? "status" : "alert"}
      className={`rounded border px-3 py-2 text-sm ${answer.ok ? "border-emerald-300 bg-emerald-50" : "border-red-300 bg-red-50"}`}
    >
      <p>{answer.message}</p>
      {answer.user ? (
        <dl className="mt-2 grid grid-cols-[8rem_1fr] gap-x-2 text-xs">
          <dt>DN</dt>
          <dd className="font-mono break-all">{answer.user.dn}</dd>
          <dt>Username</dt>
          <dd>{answer.user.username}</dd>
          <dt>Email</dt>
          <dd>{answer.user.email ?? "—"}</dd>
          <dt>Display name</dt>
          <dd>{answer.user.displayName ?? "—"}</dd>
          <dt>Groups</dt>
          <dd>{answer.user.groups.join(", ") || "—"}</dd>
        </dl>
      ) : null}
    </div>
  );
}

export default function LdapToolsPage() {
  const { enabled, uri, base } = useLoaderData<typeof loader>();
  const answer = useActionData<Answer>();
  if (!enabled) {
    return (
      <div className="space-y-4">
        <PageHeader title="LDAP" />
        <p className="text-slate-600">
          LDAP sign-in is off. Add <code>ldap</code> to AUTH_PROVIDERS and set the AUTH_LDAP_* variables (see README).
        </p>
      </div>
    );
  }
  return (
    <div className="max-w-2xl space-y-6">
      <PageHeader title="LDAP" />
      <p className="text-sm text-slate-600">
        {uri} · base {base}
      </p>
      <Section title="Test connection">
        <Form method="post" className="space-y-2">
          <input type="hidden" name="intent" value="test" />
          <Button>Test connection</Button>
        </Form>
        <Result answer={answer} intent="test" />
      </Section>
      <Section title="Find or sync a user">
        <Form method="post" className="flex flex-wrap items-end gap-2">
          <label className="text-sm">
            <span className="block font-medium text-slate-700">Directory username</span>
            <input name="username" autoComplete="off" className={INLINE_CONTROL} />
          </label>
          <Button name="intent" value="find" variant="secondary">
            Find user
          </Button>
          <Button name="intent" value="sync">
            Sync now
          </Button>
        </Form>
        <Result answer={answer} intent="find" />
        <Result answer={answer} intent="sync" />
      </Section>
    </div>
  );
}
