import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ApiKeyTable, CreateApiKeyForm, NewKeyShown } from "~/components/api-keys";
import { Notice, PageHeader } from "~/components/ui";
import { getSql } from "~/db.server";
import { handleApiKeyForm } from "~/forms/api-keys.server";
import { listApiKeys } from "~/models/api-keys.server";
import { PERMISSION_KEYS } from "~/permissions/definitions";
import { takeFlash } from "~/utils/flash.server";
import type { IntentReply } from "~/utils/form-reply.server";

export const meta: MetaFunction = () => [{ title: "API keys · Manage · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/manage.tools.api");
  const { request } = args;
  const { notice, init } = await takeFlash(request);
  return data(
    {
      keys: await listApiKeys(getSql()),
      held: PERMISSION_KEYS.filter((k) => actor.permissions.has(k)),
      confirming: new URL(request.url).searchParams.get("revoke"),
      notice,
    },
    init,
  );
}

export async function action(args: ActionFunctionArgs) {
  const { actor } = await authorize(args, "routes/manage.tools.api");
  const { request, context } = args;
  return handleApiKeyForm(request, context, actor, "all", "/manage/tools/api");
}

export default function AllApiKeysPage() {
  const { keys, held, confirming, notice } = useLoaderData<typeof loader>();
  const reply = useActionData<IntentReply & { created?: { token: string; description: string } }>();
  return (
    <div className="space-y-6">
      <PageHeader title="API keys" />
      <p className="text-sm text-slate-600">
        Every key on this server (newest first). Revoking one stops it at once. The JSON API is described at{" "}
        <a href="/api/docs" className="underline">
          /api/docs
        </a>
        .
      </p>
      <Notice>{notice}</Notice>
      {reply?.created ? <NewKeyShown token={reply.created.token} description={reply.created.description} /> : null}
      <ApiKeyTable
        keys={keys}
        showOwner
        confirming={confirming}
        errors={reply?.intent === "revoke" ? (reply.result.error?.[""] ?? undefined) : undefined}
      />
      <CreateApiKeyForm held={held} isAdmin lastResult={reply?.intent === "create" ? reply.result : undefined} />
    </div>
  );
}
