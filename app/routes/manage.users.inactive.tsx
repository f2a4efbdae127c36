import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, formatDate, PageHeader, TableBox } from "~/components/ui";
import { getSql } from "~/db.server";
import { auditActorFrom } from "~/models/audit.server";
import { deactivateInactive, INACTIVE_DAYS, inactiveDays, inactivePeople, INACTIVE_LIMIT } from "~/models/inactive-people.server";
import { isUuid } from "~/models/manage-users.server";
import { authorize } from "~/permissions/authorize.server";

// "Inactive for N days" (issue #23 part 2): who hasn't signed in, used a session or an API key for that
// long, to deactivate in bulk. Deactivating ends their sessions and keys, as on each person's page.

export const meta: MetaFunction = () => [{ title: "Inactive people · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.users.inactive");
  const days = inactiveDays(new URL(args.request.url).searchParams.get("days"));
  return { days, people: await inactivePeople(getSql(), days), choices: INACTIVE_DAYS, limit: INACTIVE_LIMIT };
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/manage.users.inactive");
  const { request, context } = args;
  const form = await request.formData();
  const days = inactiveDays(String(form.get("days")));
  const ids = form.getAll("user").map(String).filter(isUuid).slice(0, INACTIVE_LIMIT);
  if (!ids.length) return data({ ok: false, message: "Tick the people to deactivate first." }, { status: 400 });
  const outcome = await deactivateInactive(getSql(), auditActorFrom(context), ids, days);
  const said = [
    outcome.deactivated.length
      ? `Deactivated ${outcome.deactivated.join(", ")}: their sessions and API keys have ended.`
      : "Nobody was deactivated.",
  ];
  if (outcome.skipped) said.push(`${people(outcome.skipped)} used Porch since this list was shown: left active.`);
  if (outcome.lastAdmin) said.push(`${outcome.lastAdmin} is the last active administrator: left active.`);
  return { ok: outcome.deactivated.length > 0, message: said.join(" ") };
}

const people = (n: number) => `${n} ${n === 1 ? "person" : "people"}`;

export default function InactivePeoplePage() {
  const { days, people: inactive, choices, limit } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const last = (p: (typeof inactive)[number]) => {
    const times = [p.lastSignInAt, p.lastSessionUseAt, p.lastKeyUseAt].filter((t) => t !== null).map((t) => new Date(t).getTime());
    return times.length ? formatDate(new Date(Math.max(...times))) : "never";
  };
  return (
    <div className="space-y-4">
      <PageHeader title="Inactive people" />
      <p className="text-sm text-slate-600">
        People with no sign-in, no session used and no API key used for the time you choose (service accounts aren't listed). Deactivating
        someone ends their sessions and API keys; an administrator can make them active again on their page.{" "}
        <Link to="/manage/users" className="underline">
          All users
        </Link>
      </p>
      <Form method="get" className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Inactive for</span>
          <select name="days" defaultValue={days} className="rounded border border-slate-300 px-2 py-1.5">
            {choices.map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary">Show</Button>
      </Form>
      {answer ? (
        <p role={answer.ok ? "status" : "alert"} className="rounded border border-slate-300 bg-slate-50 px-3 py-2 text-sm">
          {answer.message}
        </p>
      ) : null}
      {inactive.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-6 text-center text-slate-600">
          Nobody has been inactive for {days} days.
        </p>
      ) : (
        <Form method="post" className="space-y-3">
          <input type="hidden" name="days" value={days} />
          <p className="text-sm text-slate-600">
            {people(inactive.length)} inactive for {days} days or more
            {inactive.length === limit ? ` (the first ${limit}; deactivate some and look again)` : ""}.
          </p>
          <TableBox focusable label="Inactive people">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Inactive people</caption>
              <thead className="border-b border-slate-300 text-slate-600">
                <tr>
                  <th className="py-2 pr-3">
                    <span className="sr-only">Pick</span>
                  </th>
                  <th className="py-2 pr-3">Username</th>
                  <th className="py-2 pr-3">Signs in with</th>
                  <th className="py-2 pr-3">Last used Porch</th>
                  <th className="py-2 pr-3">Account made</th>
                </tr>
              </thead>
              <tbody>
                {inactive.map((p) => (
                  <tr key={p.id} className="border-b border-slate-200">
                    <td className="py-2 pr-3">
                      <input
                        type="checkbox"
                        name="user"
                        value={p.id}
                        defaultChecked
                        id={`pick-${p.id}`}
                        aria-label={`Deactivate ${p.username}`}
                      />
                    </td>
                    <td className="py-2 pr-3">
                      <Link to={`/manage/users/${p.id}`} className="underline">
                        {p.username}
                      </Link>
                      {p.displayName ? <span className="text-slate-600"> · {p.displayName}</span> : null}
                    </td>
                    <td className="py-2 pr-3">{p.provider}</td>
                    <td className="py-2 pr-3">{last(p)}</td>
                    <td className="py-2 pr-3">{formatDate(p.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
          <Button variant="danger">Deactivate the ticked people</Button>
        </Form>
      )}
    </div>
  );
}
