import { getFormProps, getInputProps } from "@conform-to/react";
import { authorize } from "~/permissions/authorize.server";
import { useValibotForm } from "~/forms/use-valibot-form";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { authenticateForm, INVALID_CREDENTIALS, type PasswordProvider } from "~/auth/authenticator.server";
import { LoginSchema } from "~/auth/forms";
import { createPendingSignIn, pendingCookie } from "~/auth/pending-sign-in.server";
import { finishSignIn } from "~/auth/finish-sign-in.server";
import { PasswordChangedError } from "~/auth/sign-in-proof.server";
import { getSql } from "~/db.server";
import { usesTwoFactor } from "~/models/two-factor.server";
import { TextField } from "~/components/field";
import { FormErrors } from "~/components/form-errors";
import { Notice, INLINE_CONTROL } from "~/components/ui";
import { getConfig } from "~/config.server";
import { OIDC_ERRORS } from "~/auth/oidc/messages";
import { noticeFor } from "~/utils/notice";
import { takeFlash } from "~/utils/flash.server";
import { redirectAfterSignIn, returnDestination } from "~/server/return-to.server";
import { NO_HYDRATION, type RouteHandle } from "~/utils/hydration";
import { passkeyPlace } from "~/auth/passkeys/place.server";
import { PASSKEY_ERRORS } from "~/auth/passkeys/messages";
import { PasskeyButton } from "~/components/passkey-button";

export const meta: MetaFunction = () => [{ title: "Sign in · Porch" }];

// A plain form that works without JavaScript: the page ships none (issue #18).
export const handle: RouteHandle = NO_HYDRATION;

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/auth.login");
  const { request } = args;
  const config = getConfig();
  const params = new URL(request.url).searchParams;
  const error = params.get("error");
  // Auto-login goes straight to the provider, unless it just failed or someone chose another method,
  // so a broken provider can never lock the administrators out.
  if (config.oidc?.autoLogin && !error && params.get("method") !== "other" && !params.get("signedOut")) {
    const back = params.get("redirectTo");
    throw redirect(`/auth/oidc${back ? `?redirectTo=${encodeURIComponent(back)}` : ""}`);
  }
  const { notice, init } = await takeFlash(request);
  // Which app forward auth sent the person from, once we know it is one we'd return to (never a name
  // the link alone makes up: only a protected app's host is shown).
  const back = await returnDestination(getSql(), params.get("redirectTo"));
  return data(
    {
      continuingTo: back.startsWith("/") ? null : new URL(back).host,
      canResetByMail: config.smtp !== null,
      providers: config.providers.filter((p) => p !== "oidc"),
      oidc: config.oidc ? { name: config.oidc.clientName } : null,
      // The URL picks one of our sentences by its code; it never supplies the words.
      oidcError: noticeFor(OIDC_ERRORS, error) ?? noticeFor(PASSKEY_ERRORS, params.get("passkey")),
      passkeys: passkeyPlace() !== null,
      notice,
    },
    init,
  );
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/auth.login");
  const { request, context } = args;
  // Anyone may sign in; a signed-in user signing in again gets a fresh session.
  const providers = getConfig().providers.filter((p): p is PasswordProvider => p !== "oidc");
  if (!providers.length)
    return data({ status: "error" as const, error: { "": ["Sign in with your identity provider."] } }, { status: 400 });
  // Read once: the form names the password provider, and that provider's strategy checks the same form.
  const form = await request.formData();
  const chosen = form.get("provider");
  const provider = providers.find((p) => p === chosen) ?? providers[0];
  const outcome = await authenticateForm(context, provider, form, request);
  if (!outcome.ok) return data(outcome.reply, { status: 400 });
  if (await usesTwoFactor(getSql(), outcome.userId)) {
    // The password was right; the session (and the account's forgiveness) waits for the second factor.
    let token: string;
    try {
      token = await createPendingSignIn(
        getSql(),
        {
          userId: outcome.userId,
          remember: outcome.remember,
          redirectTo: await returnDestination(getSql(), outcome.redirectTo),
        },
        context.signInProof,
      );
    } catch (error) {
      // The password changed while this sign-in checked the old one: it is wrong now.
      if (!(error instanceof PasswordChangedError)) throw error;
      return data({ status: "error" as const, error: { "": [INVALID_CREDENTIALS] } }, { status: 400 });
    }
    return redirect("/auth/2fa", { headers: { "Set-Cookie": pendingCookie(token, getConfig().secureCookies) } });
  }
  const cookie = await finishSignIn(context, outcome.userId, { remember: outcome.remember, provider: outcome.provider });
  return redirectAfterSignIn(await returnDestination(getSql(), outcome.redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>();
  const loaded = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useValibotForm("login", LoginSchema, lastResult);
  const retry = Boolean(lastResult && fields.username.initialValue && !fields.username.errors?.length);
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      {loaded?.continuingTo ? <p className="text-sm text-slate-600">Sign in to continue to {loaded.continuingTo}</p> : null}
      {/* The cursor waits in Username (or Password after a refusal), not on these lines. */}
      <Notice takeFocus={false}>{loaded?.notice}</Notice>
      {searchParams.get("signedOut") ? <Notice takeFocus={false}>You are signed out.</Notice> : null}
      {loaded?.oidcError ? <FormErrors errors={[loaded.oidcError]} /> : null}
      {loaded?.oidc ? (
        // A plain link: a full-page navigation that may leave for the provider (a form couldn't, under CSP form-action).
        <a
          href={`/auth/oidc${searchParams.get("redirectTo") ? `?redirectTo=${encodeURIComponent(searchParams.get("redirectTo")!)}` : ""}`}
          className="block w-full rounded border border-slate-900 bg-white px-4 py-2 text-center font-medium hover:bg-slate-100"
        >
          Continue with {loaded.oidc.name}
        </a>
      ) : null}
      {loaded?.oidc && loaded.providers.length ? <p className="text-center text-xs uppercase tracking-wide text-slate-500">or</p> : null}
      {loaded && !loaded.providers.length ? null : (
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} id={form.errorId} takeFocus={false} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          {/* "webauthn": where the browser offers it, the field's autofill lists this site's passkeys too. */}
          <TextField
            label="Username"
            meta={fields.username}
            autoComplete={loaded?.passkeys ? "username webauthn" : "username"}
            autoFocus={!retry}
          />
          {/* After a refusal the name is kept: the cursor waits in Password, where the retry is typed (issue #19 item 11). */}
          <TextField label="Password" meta={fields.password} type="password" autoComplete="current-password" autoFocus={retry} />
          {loaded && loaded.providers.length > 1 ? (
            <label className="block text-sm">
              <span className="block font-medium text-slate-700">Account type</span>
              <select name="provider" defaultValue={loaded.providers[0]} className={INLINE_CONTROL}>
                {loaded.providers.map((p) => (
                  <option key={p} value={p}>
                    {p === "ldap" ? "Directory (LDAP)" : "Porch account"}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label className="flex items-center gap-2 text-sm">
            <input {...getInputProps(fields.remember, { type: "checkbox" })} />
            Remember me
          </label>
          <button
            type="submit"
            disabled={navigation.state === "submitting"}
            className="w-full rounded bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700 disabled:opacity-60"
          >
            Sign in
          </button>
        </Form>
      )}
      {loaded?.passkeys ? <PasskeyButton action="/auth/passkey" label="Sign in with a passkey" autofill /> : null}
      {/* A TV or kiosk: a code approved from a phone where the person is signed in (ADR 039). */}
      <Link to="/auth/device" className="block text-sm text-blue-800 underline">
        Sign in with a code from another device
      </Link>
      {loaded?.canResetByMail ? (
        <Link to="/auth/forgot" className="block text-sm text-blue-800 underline">
          Forgot password?
        </Link>
      ) : null}
    </div>
  );
}
