import { data, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { LdapConfig } from "~/auth/ldap/config";
import { findDirectoryUser, LdapError, testDirectoryConnection, type DirectoryUser } from "~/auth/ldap/ldap.server";
import { Button, formatDate, PageHeader, Section, INLINE_CONTROL, TableBox } from "~/components/ui";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { auditActorFrom } from "~/models/audit.server";
import { departureSuspected, noticeDirectoryDeparture } from "~/models/directory-departures.server";
import { recentDirectorySyncs, syncDirectoryNow, type DirectorySyncOutcome } from "~/models/directory-sync.server";
import { DirectoryUserRefused, provisionDirectoryUser } from "~/models/directory-users.server";
import { countOf } from "~/utils/count";
import { describeDuration } from "~/utils/time";
import { handlerFor, intentOf } from "~/utils/form-reply.server";

export const meta: MetaFunction = () => [{ title: "LDAP · Porch" }];

type Answer = { intent: string; ok: boolean; message: string; user?: DirectoryUser };

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.tools.ldap");
  const ldap = getConfig().ldap;
  return {
    enabled: Boolean(ldap),
    uri: ldap?.uri ?? null,
    base: ldap?.base ?? null,
    schedule: ldap ? scheduleText(ldap) : null,
    syncs: ldap ? await recentDirectorySyncs(getSql()) : [],
  };
}

/** The schedule and its limit, as the settings say them. */
function scheduleText(ldap: LdapConfig): string {
  const every = ldap.syncIntervalMs > 0 ? `every ${describeDuration(ldap.syncIntervalMs)}` : "off (AUTH_LDAP_SYNC_INTERVAL=0)";
  const max = ldap.syncMaxDeactivate;
  const limit = "count" in max ? countOf(max.count, "account") : `${max.percent}% of the accounts it checks (never less than one account)`;
  return `Scheduled: ${every}. A run that would deactivate more than ${limit} is refused until you apply it here.`;
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

/** Every directory account looked up again now, as the schedule does; `force` past the safety limit. */
async function syncEveryone({ ldap, intent, context }: LdapForm) {
  const outcome = await syncDirectoryNow(getSql(), ldap, { actor: auditActorFrom(context), force: intent === "sync-all-force" });
  if (!outcome) return data<Answer>({ intent, ok: false, message: "A sync is running already. Try again in a minute." }, { status: 409 });
  return { intent, ok: !outcome.error && !outcome.refused, message: describeOutcome(outcome) } satisfies Answer;
}

function describeOutcome(o: DirectorySyncOutcome): string {
  if (o.error) return o.error;
  if (o.refused)
    return `Not applied: it would deactivate ${countOf(o.refused.wouldDeactivate, "account")} of ${o.checked}, more than the limit of ${o.refused.limit}. Check the directory (a search base or filter that changed?), then apply it anyway if it is right.`;
  const gone = o.deactivated.map((d) => `${d.username} (${d.standing === "gone" ? "no longer in the directory" : "disabled"})`);
  return `Checked ${countOf(o.checked, "account")}: ${gone.length ? `deactivated ${gone.join(", ")}` : "nobody left"}; ${o.refreshed} refreshed.`;
}

const LDAP_FORMS = { test: testConnection, find: findUser, sync: syncUser, "sync-all": syncEveryone, "sync-all-force": syncEveryone };

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
  const { enabled, uri, base, schedule, syncs } = useLoaderData<typeof loader>();
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
      <Section title="Sync everyone">
        <p className="text-sm text-slate-600">
          Looks every directory account up again by its stable id: someone gone or disabled there becomes inactive here and loses their
          sessions and API keys; everyone else gets their name, email and groups refreshed. {schedule}
        </p>
        <Form method="post" className="flex flex-wrap gap-2">
          <Button name="intent" value="sync-all">
            Sync everyone now
          </Button>
          {syncs[0]?.wouldDeactivate ? (
            <Button name="intent" value="sync-all-force" variant="danger">
              Apply anyway: deactivate {syncs[0].wouldDeactivate}
            </Button>
          ) : null}
        </Form>
        <Result answer={answer} intent="sync-all" />
        <Result answer={answer} intent="sync-all-force" />
        {syncs.length ? (
          <TableBox focusable label="Recent syncs">
            <table className="w-full text-sm">
              <caption className="sr-only">Recent syncs</caption>
              <thead>
                <tr className="text-left text-slate-600">
                  <th className="py-1 pr-2 font-medium">Finished</th>
                  <th className="py-1 pr-2 font-medium">By</th>
                  <th className="py-1 pr-2 font-medium">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {syncs.map((run) => (
                  <tr key={run.id} className="border-t border-slate-200 align-top">
                    <td className="py-1 pr-2 whitespace-nowrap">{formatDate(run.finishedAt)}</td>
                    <td className="py-1 pr-2">{run.startedBy ?? "schedule"}</td>
                    <td className="py-1 pr-2">
                      {run.error
                        ? run.error
                        : run.wouldDeactivate
                          ? `Refused: would deactivate ${run.wouldDeactivate} of ${run.checked} (limit ${run.maxDeactivate})`
                          : `Checked ${run.checked}, deactivated ${run.deactivated}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
        ) : (
          <p className="text-sm text-slate-600">No sync has run yet.</p>
        )}
      </Section>
    </div>
  );
}
