import { parseWithValibot } from "@conform-to/valibot";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ProtectedAppForm } from "~/components/protected-app-form";
import { Notice, PageHeader, Section, TableBox } from "~/components/ui";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { ProtectedAppSchema } from "~/forms/protected-apps";
import { auditActorFrom } from "~/models/audit.server";
import { createProtectedApp, listProtectedApps, ProtectedAppTakenError } from "~/models/protected-apps.server";
import { authorize } from "~/permissions/authorize.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";

export const meta: MetaFunction = () => [{ title: "Protected apps · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.apps._index");
  const apps = await listProtectedApps(getSql());
  const config = getConfig();
  const { notice, init } = await takeFlash(args.request);
  return data(
    {
      apps: apps.map((a) => ({ id: a.id, origin: a.origin, pathPrefix: a.pathPrefix, linkingItems: a.linkingItems })),
      // What forward auth needs before it can work: said here, where someone sets it up.
      baseUrl: config.baseUrl?.origin ?? null,
      cookieDomain: config.cookieDomain,
      notice,
    },
    init,
  );
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/manage.apps._index");
  const submission = parseWithValibot(await args.request.formData(), { schema: ProtectedAppSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const id = await createProtectedApp(getSql(), auditActorFrom(args.context), submission.value);
    return redirectWithFlash(`/manage/apps/${id}`, "app-protected");
  } catch (error) {
    if (error instanceof ProtectedAppTakenError)
      return data(submission.reply({ fieldErrors: { origin: [error.message] } }), { status: 400 });
    throw error;
  }
}

export default function ProtectedAppsPage() {
  const { apps, baseUrl, cookieDomain, notice } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <PageHeader title="Protected apps" />
      <Notice>{notice}</Notice>
      <p className="max-w-2xl text-sm text-slate-600">
        Your reverse proxy asks Porch before every request to these apps (README, Protect your apps). Whoever may see a board with a tile
        linking into an app may open it, when someone who may protect apps placed that tile; so may the people and groups on its page.
        Addresses nobody protected are refused.
      </p>
      {!baseUrl || !cookieDomain ? (
        <p className="max-w-2xl rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="forward-auth-setup">
          {!baseUrl
            ? "Forward auth needs BASE_URL (Porch's address); it answers 500 until it is set."
            : `AUTH_COOKIE_DOMAIN isn't set: only apps under ${baseUrl} itself see people's Porch sign-in.`}
        </p>
      ) : null}
      {apps.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-6 text-center text-slate-600">
          No app is protected yet: add the first below.
        </p>
      ) : (
        <TableBox>
          <table className="w-full text-left text-sm">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1.5 font-medium">Address</th>
                <th className="py-1.5 font-medium">Path prefix</th>
                <th className="py-1.5 font-medium">Tiles linking here</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {apps.map((a) => (
                <tr key={a.id}>
                  <td className="py-1.5 font-mono text-xs">
                    <Link to={`/manage/apps/${a.id}`} className="text-blue-700 underline">
                      {a.origin}
                    </Link>
                  </td>
                  <td className="py-1.5 font-mono text-xs">{a.pathPrefix === "/" ? "(whole host)" : a.pathPrefix}</td>
                  <td className="py-1.5">{a.linkingItems}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
      <Section title="Protect an app">
        <ProtectedAppForm lastResult={lastResult} submitLabel="Protect app" />
      </Section>
    </div>
  );
}
