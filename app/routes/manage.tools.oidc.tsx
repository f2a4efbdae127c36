import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { discover, discoveryUrl, OidcUnavailableError, type ProviderMetadata } from "~/auth/oidc/discovery.server";
import { BACKCHANNEL_LOGOUT_PATH } from "~/auth/oidc/backchannel.server";
import { POST_LOGOUT_PATH, redirectUri } from "~/auth/oidc/flow.server";
import { outboundLink } from "~/server/links.server";
import { Button, PageHeader, Section } from "~/components/ui";
import { getConfig } from "~/config.server";

export const meta: MetaFunction = () => [{ title: "OpenID Connect · Manage · Porch" }];

async function tryDiscovery(refresh: boolean): Promise<{ metadata: ProviderMetadata | null; error: string | null }> {
  const oidc = getConfig().oidc;
  if (!oidc) return { metadata: null, error: null };
  try {
    return { metadata: await discover(oidc, { refresh }), error: null };
  } catch (error) {
    if (error instanceof OidcUnavailableError) return { metadata: null, error: error.message };
    throw error;
  }
}

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.tools.oidc");
  const oidc = getConfig().oidc;
  const { metadata, error } = await tryDiscovery(false);
  return {
    configured: oidc
      ? {
          issuer: oidc.issuer,
          clientId: oidc.clientId,
          scopes: oidc.scopes.join(" "),
          name: oidc.clientName,
          discovery: discoveryUrl(oidc),
        }
      : null,
    // Both are BASE_URL's (OpenID Connect refuses to start without it); shown only when there is one.
    uris: getConfig().baseUrl
      ? { redirect: redirectUri(), postLogout: outboundLink(POST_LOGOUT_PATH), backchannel: outboundLink(BACKCHANNEL_LOGOUT_PATH) }
      : null,
    metadata,
    error,
  };
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/manage.tools.oidc");
  const started = performance.now();
  const { metadata, error } = await tryDiscovery(true);
  return { tested: { ok: Boolean(metadata), ms: Math.round(performance.now() - started), message: error ?? `Found ${metadata?.issuer}` } };
}

export default function OidcToolsPage() {
  const { configured, uris, metadata, error } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const rows: Array<[string, string | null | undefined]> = metadata
    ? [
        ["Issuer", metadata.issuer],
        ["Authorization endpoint", metadata.authorizationEndpoint],
        ["Token endpoint", metadata.tokenEndpoint],
        ["Userinfo endpoint", metadata.userinfoEndpoint],
        ["JWKS", metadata.jwksUri],
        ["End session endpoint", metadata.endSessionEndpoint ?? "(none: sign-out ends only the Porch session)"],
        ["Signing algorithms", metadata.signingAlgorithms.join(", ")],
        [
          "Back-channel logout",
          metadata.backchannelLogout ? "supported" : "not announced (logging out at the provider may leave Porch sessions open)",
        ],
      ]
    : [];
  return (
    <div className="space-y-6">
      <PageHeader title="OpenID Connect" />
      <Section title="Redirect URI">
        {uris ? (
          <>
            <p className="text-sm text-slate-600">
              Register this at your provider as the client's redirect URI (and {uris.postLogout} as its post-logout redirect URI):
            </p>
            <label htmlFor="redirect-uri" className="sr-only">
              Redirect URI
            </label>
            <input
              id="redirect-uri"
              readOnly
              value={uris.redirect}
              className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-sm"
            />
          </>
        ) : (
          <p className="text-sm text-slate-600">
            Set BASE_URL (the address people use, e.g. https://porch.example.com) first: the redirect URI is BASE_URL +
            /api/auth/callback/oidc.
          </p>
        )}
      </Section>
      {uris ? (
        <Section title="Back-channel logout URI">
          <p className="text-sm text-slate-600">
            Register this as the client's back-channel logout URI, with its session required (sid), and logging out at the provider ends the
            Porch sessions it started, at once:
          </p>
          <label htmlFor="backchannel-uri" className="sr-only">
            Back-channel logout URI
          </label>
          <input
            id="backchannel-uri"
            readOnly
            value={uris.backchannel}
            className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-sm"
          />
        </Section>
      ) : null}
      {!configured ? (
        <p className="text-sm text-slate-600">
          OpenID Connect is off. Add <code>oidc</code> to AUTH_PROVIDERS and set AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and
          AUTH_OIDC_CLIENT_SECRET.
        </p>
      ) : (
        <Section title={`Provider · ${configured.name}`}>
          <p className="text-sm">
            Client <code>{configured.clientId}</code>, scopes <code>{configured.scopes}</code>, discovery at{" "}
            <code>{configured.discovery}</code>.
          </p>
          {error ? (
            <p role="alert" className="text-sm text-red-800">
              {error}
            </p>
          ) : null}
          {rows.length ? (
            <dl className="grid grid-cols-[12rem_1fr] gap-1 text-sm">
              {rows.map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-slate-500">{k}</dt>
                  <dd className="break-all font-mono">{v ?? "(none)"}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          <Form method="post" className="flex items-center gap-3">
            <Button variant="secondary">Test discovery</Button>
            {reply?.tested ? (
              <span
                role="status"
                data-testid="discovery-result"
                className={`text-sm ${reply.tested.ok ? "text-emerald-800" : "text-red-800"}`}
              >
                {reply.tested.ok ? "Works" : "Failed"}: {reply.tested.message} ({reply.tested.ms} ms)
              </span>
            ) : null}
          </Form>
        </Section>
      )}
    </div>
  );
}
