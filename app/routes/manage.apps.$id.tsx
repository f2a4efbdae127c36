import { parseWithValibot } from "@conform-to/valibot";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AccessTab, PROTECTED_APP_WORDS } from "~/components/access-rows";
import { ConfirmDelete } from "~/components/confirm-delete";
import { ProtectedAppForm } from "~/components/protected-app-form";
import { Notice, PageHeader, Section } from "~/components/ui";
import { getSql } from "~/db.server";
import { handleAccessForm, loadAccessTab } from "~/forms/access.server";
import { ProtectedAppSchema } from "~/forms/protected-apps";
import { auditActorFrom } from "~/models/audit.server";
import { explainAppAccess, protectedAppRows } from "~/models/protected-app-rows.server";
import {
  coveringApp,
  deleteProtectedApp,
  getProtectedApp,
  ProtectedAppTakenError,
  updateProtectedApp,
} from "~/models/protected-apps.server";
import { authorize } from "~/permissions/authorize.server";
import { PROTECTED_APP_LEVELS } from "~/permissions/protected-apps";
import { Refusal } from "~/permissions/refusal.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import type { IntentReply } from "~/utils/form-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.app.origin ?? "Protected app"} · Porch` }];

async function load(id: string | undefined) {
  const app = await getProtectedApp(getSql(), String(id ?? ""));
  if (!app) throw new Refusal("not-found", { page: "Not Found", api: "No such protected app." });
  return app;
}

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.apps.$id");
  const { request, context } = args;
  const app = await load(args.params.id);
  const tab = await loadAccessTab(request, context, app.id, {
    listGrants: protectedAppRows.listGrants,
    explainAccess: (db, _id, username, asker) => explainAppAccess(db, app, username, asker),
  });
  const { notice, init } = await takeFlash(request);
  const covering = await coveringApp(getSql(), app);
  return data(
    {
      app: { id: app.id, origin: app.origin, pathPrefix: app.pathPrefix, linkingItems: app.linkingItems },
      covering: covering ? `${covering.origin}${covering.pathPrefix === "/" ? "" : covering.pathPrefix}` : null,
      ...tab,
      notice,
    },
    init,
  );
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/manage.apps.$id");
  const { request, context } = args;
  const app = await load(args.params.id);
  const back = `/manage/apps/${app.id}`;
  const intent = String((await request.clone().formData()).get("intent") ?? "");
  if (intent === "delete") {
    await deleteProtectedApp(getSql(), auditActorFrom(context), app);
    return redirectWithFlash("/manage/apps", "app-unprotected");
  }
  if (intent === "save") {
    const submission = parseWithValibot(await request.formData(), { schema: ProtectedAppSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    try {
      await updateProtectedApp(getSql(), auditActorFrom(context), app, submission.value);
    } catch (error) {
      if (error instanceof ProtectedAppTakenError)
        return data(submission.reply({ fieldErrors: { origin: [error.message] } }), { status: 400 });
      throw error;
    }
    return redirectWithFlash(back, "app-protection-saved");
  }
  return handleAccessForm(request, context, { rows: protectedAppRows, levels: PROTECTED_APP_LEVELS, resourceId: app.id, back });
}

export default function ProtectedAppPage() {
  const { app, covering, grants, check, explanation, scope, notice } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as (IntentReply & { intent?: string }) | undefined;
  const [params] = useSearchParams();
  const accessReply = reply && "intent" in reply && typeof reply.intent === "string" ? reply : undefined;
  const label = `${app.origin}${app.pathPrefix === "/" ? "" : app.pathPrefix}`;
  return (
    <div className="space-y-6">
      <PageHeader title={label} crumbs={[{ to: "/manage/apps", label: "Protected apps" }]} />
      <Notice>{notice}</Notice>
      <p className="max-w-2xl text-sm text-slate-600" data-testid="app-rule">
        May open it: whoever may view a board with a tile linking here placed by someone who may protect apps ({app.linkingItems} tile
        {app.linkingItems === 1 ? "" : "s"} now), the people and groups below, and holders of app-protect (administrators have it).
      </p>
      <Section title="Address">
        <ProtectedAppForm app={app} lastResult={accessReply ? undefined : (reply as never)} submitLabel="Save" />
        {app.linkingItems ? (
          <p className="mt-2 text-sm text-slate-600">
            Tiles whose link no longer falls under a changed address open nothing until someone who may protect apps saves them again.
          </p>
        ) : null}
      </Section>
      <AccessTab words={PROTECTED_APP_WORDS} tab={{ grants, check, explanation, scope }} reply={accessReply} />
      <ConfirmDelete
        what="protection"
        name="its protection"
        question={`Stop protecting ${label}? ${
          covering
            ? `Its addresses then fall under ${covering}: whoever may open that opens them.`
            : "Forward auth then refuses its addresses as nobody's."
        }${
          app.linkingItems
            ? ` The ${app.linkingItems === 1 ? "tile" : `${app.linkingItems} tiles`} linking here then open nothing until someone who may protect apps saves them again.`
            : ""
        }`}
        confirming={params.get("confirm") === "delete"}
        lastResult={undefined}
      />
    </div>
  );
}
