import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ApiKeyTable, CreateApiKeyForm, NewKeyShown } from "~/components/api-keys";
import { Notice, PageHeader } from "~/components/ui";
import { getSql } from "~/db.server";
import { handleApiKeyFormData } from "~/forms/api-keys.server";
import { listApiKeys } from "~/models/api-keys.server";
import { getUserDetail } from "~/models/manage-users.server";
import { permissionsHeldBy } from "~/models/service-accounts.server";
import { authorize } from "~/permissions/authorize.server";
import { PERMISSION_KEYS } from "~/permissions/definitions";
import { Refusal } from "~/permissions/refusal.server";
import { takeFlash } from "~/utils/flash.server";
import type { IntentReply } from "~/utils/form-reply.server";

// A service account's API keys (issue #23 part 1, ADR 040): its only credential, made and revoked here by
// an administrator, with what the account holds now. A page of its own, so a person's page (the usual
// one) doesn't carry the key forms' script. A person's keys are their own (My account → API keys): 404.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `API keys of ${data?.account.name ?? "a service account"} · Porch` },
];

async function serviceAccount(id: string | undefined) {
  const user = id ? await getUserDetail(getSql(), id) : null;
  if (!user || user.kind !== "service") throw new Refusal("not-found");
  return { id: user.id, name: user.username };
}

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.users.$id_.keys");
  const { request, params } = args;
  const account = await serviceAccount(params.id);
  const [keys, held] = await Promise.all([listApiKeys(getSql(), { userId: account.id }), permissionsHeldBy(getSql(), account.id)]);
  const { notice, init } = await takeFlash(request);
  return data(
    {
      account,
      keys,
      held: PERMISSION_KEYS.filter((k) => held.has(k)),
      confirming: new URL(request.url).searchParams.get("revoke"),
      notice,
    },
    init,
  );
}

export async function action(args: ActionFunctionArgs) {
  const { actor } = await authorize(args, "routes/manage.users.$id_.keys");
  const { request, context, params } = args;
  const account = await serviceAccount(params.id);
  const owner = { ...account, permissions: await permissionsHeldBy(getSql(), account.id) };
  return handleApiKeyFormData(await request.formData(), context, actor, "service", `/manage/users/${account.id}/keys`, owner);
}

export default function ServiceAccountKeysPage() {
  const { account, keys, held, confirming, notice } = useLoaderData<typeof loader>();
  const reply = useActionData<IntentReply & { created?: { token: string; description: string } }>();
  return (
    <div className="space-y-6">
      <PageHeader
        title={`API keys of ${account.name}`}
        crumbs={[
          { to: "/manage", label: "Manage" },
          { to: "/manage/users/service-accounts", label: "Service accounts" },
          { to: `/manage/users/${account.id}`, label: account.name },
        ]}
      />
      <Notice>{notice}</Notice>
      {reply?.created ? <NewKeyShown token={reply.created.token} description={reply.created.description} /> : null}
      <ApiKeyTable
        keys={keys}
        showOwner={false}
        confirming={confirming}
        errors={reply?.intent === "revoke" ? (reply.result.error?.[""] ?? undefined) : undefined}
      />
      <CreateApiKeyForm held={held} isAdmin owner={account.name} lastResult={reply?.intent === "create" ? reply.result : undefined} />
    </div>
  );
}
