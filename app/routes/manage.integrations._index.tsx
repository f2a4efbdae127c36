import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Link, useLoaderData } from "@remix-run/react";
import { LinkButton, Notice, PageHeader, Pagination, TableBox } from "~/components/ui";
import { getSql } from "~/db.server";
import { kindOf } from "~/integrations/registry.server";
import { hasPermission } from "~/auth/actor.server";
import { integrationLevelOfRank } from "~/permissions/integrations";
import { listVisibleIntegrations } from "~/permissions/integrations.server";
import { subjectOfActor } from "~/permissions/subject.server";
import { takeFlash } from "~/utils/flash.server";
import { pageParam } from "~/utils/query-values";

export const meta: MetaFunction = () => [{ title: "Integrations · Porch" }];

const PAGE_SIZE = 50;

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.integrations._index");
  const { request, context } = args;
  const page = pageParam(new URL(request.url).searchParams);
  const { integrations, total } = await listVisibleIntegrations(getSql(), subjectOfActor(context.actor, false), {
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const { notice, init } = await takeFlash(request);
  return data(
    {
      page,
      pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      integrations: integrations.map((i) => ({
        id: i.id,
        name: i.name,
        kind: kindOf(i.kind)?.label ?? i.kind,
        url: i.url,
        access: integrationLevelOfRank(i.rank),
      })),
      canCreate: hasPermission(context.actor, "integration-create"),
      notice,
    },
    init,
  );
}

export default function IntegrationsPage() {
  const { page, pageCount, integrations, canCreate, notice } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <PageHeader title="Integrations">
        {canCreate ? <LinkButton to="/manage/integrations/new">New integration</LinkButton> : null}
      </PageHeader>
      <Notice>{notice}</Notice>
      {integrations.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-6 text-center text-slate-600">
          {canCreate ? "No integrations yet: connect the first service." : "No integration has been shared with you yet."}
        </p>
      ) : (
        <TableBox>
          <table className="w-full text-left text-sm">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1.5 font-medium">Name</th>
                <th className="py-1.5 font-medium">Kind</th>
                <th className="py-1.5 font-medium">URL</th>
                <th className="py-1.5 font-medium">Your access</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {integrations.map((i) => (
                <tr key={i.id}>
                  <td className="py-1.5">
                    {i.access === "full" ? (
                      <Link to={`/manage/integrations/${i.id}`} className="text-blue-700 underline">
                        {i.name}
                      </Link>
                    ) : (
                      i.name
                    )}
                  </td>
                  <td className="py-1.5">{i.kind}</td>
                  <td className="py-1.5 font-mono text-xs">{i.url}</td>
                  <td className="py-1.5">{i.access}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
      <Pagination page={page} pageCount={pageCount} href={(p) => `?page=${p}`} />
    </div>
  );
}
