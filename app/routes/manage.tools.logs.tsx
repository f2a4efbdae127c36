import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SignInChart } from "~/components/sign-in-chart";
import { formatDate, PageHeader, TableBox, INLINE_CONTROL, Button } from "~/components/ui";
import { getSql } from "~/db.server";
import { listAuditLog, signInChart } from "~/models/audit-log.server";
import { filtersFrom } from "~/utils/audit-filters";
import { actorOf, auditSentence } from "~/utils/audit-sentences";

export const meta: MetaFunction = () => [{ title: "Logs · Porch" }];

const FIELDS = [
  { name: "action", label: "Action", placeholder: "auth. or user.created" },
  { name: "actor", label: "Actor", placeholder: "username or anonymous" },
  { name: "targetType", label: "Target type", placeholder: "user, group, session…" },
  { name: "targetId", label: "Target id", placeholder: "" },
  { name: "ip", label: "IP", placeholder: "203.0.113.9" },
] as const;

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.tools.logs");
  const { request } = args;
  const params = new URL(request.url).searchParams;
  const { filters, chartFrom, chartTo } = filtersFrom(params);
  const [page, chart] = await Promise.all([
    listAuditLog(getSql(), filters, { cursor: params.get("cursor") }),
    signInChart(getSql(), chartFrom, chartTo),
  ]);
  const values = Object.fromEntries(FIELDS.map((f) => [f.name, params.get(f.name) ?? ""]));
  // Sentences are made here: their table of phrases (every audit action) stays on the server.
  const rows = page.rows.map((r) => ({ ...r, sentence: auditSentence(r), actor: actorOf(r) }));
  return { ...page, rows, chart, values, from: params.get("from") ?? "", to: params.get("to") ?? "", query: params.toString() };
}

function withParams(query: string, change: Record<string, string | null>): string {
  const params = new URLSearchParams(query);
  for (const [key, value] of Object.entries(change)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  return `?${params}`;
}

/** A UUID shortened for reading (the whole one is the cell's title and in the CSV). */
const shortId = (id: string | null) => (id && id.length > 12 ? `${id.slice(0, 8)}…` : (id ?? ""));

/**
 * The event's details, folded: a row stays one line high (on a phone the raw JSON made the page 5 000 px
 * tall), and opening it shows the JSON laid out.
 */
function Details({ details }: { details: Record<string, unknown> }) {
  const keys = Object.keys(details);
  if (!keys.length) return null;
  return (
    <details>
      <summary className="cursor-pointer whitespace-nowrap text-slate-600">
        {keys.slice(0, 3).join(", ") + (keys.length > 3 ? "…" : "")}
      </summary>
      <pre className="mt-1 max-w-md overflow-x-auto whitespace-pre-wrap break-words rounded bg-slate-100 p-2 font-mono">
        {JSON.stringify(details, null, 2)}
      </pre>
    </details>
  );
}

export default function LogsPage() {
  const { rows, next, chart, values, from, to, query } = useLoaderData<typeof loader>();
  const csvQuery = withParams(query, { cursor: null });
  return (
    <div className="space-y-4">
      <PageHeader title="Logs">
        <a href={`/manage/tools/logs.csv${csvQuery}`} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm">
          Export CSV
        </a>
      </PageHeader>
      <Form method="get" className="grid gap-2 sm:grid-cols-4">
        {FIELDS.map((f) => (
          <label key={f.name} className="text-sm">
            <span className="block text-slate-700">{f.label}</span>
            <input
              name={f.name}
              autoComplete="off"
              defaultValue={values[f.name]}
              placeholder={f.placeholder}
              className={`${INLINE_CONTROL} w-full`}
            />
          </label>
        ))}
        <label className="text-sm">
          <span className="block text-slate-700">From (UTC, empty: all)</span>
          <input type="datetime-local" name="from" defaultValue={from} className={`${INLINE_CONTROL} w-full`} />
        </label>
        <label className="text-sm">
          <span className="block text-slate-700">To (UTC, empty: now)</span>
          <input type="datetime-local" name="to" defaultValue={to} className={`${INLINE_CONTROL} w-full`} />
        </label>
        <div className="flex items-end">
          <Button>Filter</Button>
        </div>
      </Form>
      <SignInChart unit={chart.unit} buckets={chart.buckets} />
      {rows.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-6 text-center text-slate-600">Nothing matches these filters.</p>
      ) : (
        <TableBox>
          <table className="w-full text-left text-xs">
            <thead className="border-b border-slate-300 text-slate-600">
              <tr>
                <th className="py-1.5 pr-2">Time</th>
                <th className="py-1.5 pr-2">Event</th>
                <th className="py-1.5 pr-2">Action</th>
                <th className="py-1.5 pr-2">IP</th>
                <th className="py-1.5 pr-2">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-200 align-top">
                  <td className="py-1.5 pr-2 whitespace-nowrap">{formatDate(r.createdAt)}</td>
                  <td className="py-1.5 pr-2" title={r.targetId ? `${r.targetType} ${r.targetId}` : undefined}>
                    {r.sentence ?? (
                      <>
                        {r.actor}
                        {r.targetType ? (
                          <>
                            {" → "}
                            {r.targetType} {r.targetName ?? <span className="font-mono">{shortId(r.targetId)}</span>}
                          </>
                        ) : null}
                      </>
                    )}
                  </td>
                  <td className="py-1.5 pr-2 font-mono text-slate-500">{r.action}</td>
                  <td className="py-1.5 pr-2 whitespace-nowrap">{r.ip}</td>
                  <td className="py-1.5 pr-2">
                    <Details details={r.details} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
      <nav aria-label="Pages" className="flex gap-4 text-sm">
        {new URLSearchParams(query).has("cursor") ? <Link to={withParams(query, { cursor: null })}>↑ Newest</Link> : null}
        {next ? <Link to={withParams(query, { cursor: next })}>Older →</Link> : null}
      </nav>
    </div>
  );
}
