import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { renderSVG } from "uqr";
import { canEncrypt } from "~/auth/encryption.server";
import { checkInSession } from "~/auth/budget.server";
import { FormErrors } from "~/components/field";
import { CodeInput, EnrollForm, PasswordInput, RecoveryCodes } from "~/components/two-factor-setup";
import { Button, Notice, PageHeader, Section } from "~/components/ui";
import { getSql } from "~/db.server";
import { passwordIsRight } from "~/models/account.server";
import { auditActorFrom } from "~/models/audit.server";
import {
  beginEnrollment,
  confirmEnrollment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  twoFactorState,
  verifySecondFactor,
} from "~/models/two-factor.server";
import { intentOf } from "~/utils/form-reply.server";

export const meta: MetaFunction = () => [{ title: "Security · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/settings.security");
  if (!canEncrypt()) return { available: false as const };
  const state = await twoFactorState(getSql(), actor.user);
  const qr = state.pending ? `data:image/svg+xml;base64,${btoa(renderSVG(state.pending.uri))}` : null;
  return { available: true as const, enabled: state.enabled, secret: state.pending?.secret ?? null, qr, left: state.recoveryCodesLeft };
}

type Answer = { intent: string; error?: string; codes?: string[] };

export async function action(args: ActionFunctionArgs) {
  const { actor } = await authorize(args, "routes/settings.security");
  const { request, context } = args;
  if (!canEncrypt()) throw new Refusal("not-found", "Two-factor sign-in is not available on this server.");
  const form = await request.formData();
  const intent = intentOf(form);
  const field = (name: string) => String(form.get(name) ?? "");
  const audit = { ...auditActorFrom(context), userId: actor.user.id };
  const fail = (error: string) => data<Answer>({ intent, error }, { status: 400 });
  // Password and code spend the sign-in budget of the account, as at sign-in.
  const who = { username: actor.user.username, userId: actor.user.id, client: context.client };
  const password = () => passwordIsRight(actor.user.id, field("password"));
  switch (intent) {
    case "begin":
      await beginEnrollment(getSql(), actor.user);
      return redirect("/settings/security");
    case "confirm": {
      const codes = await confirmEnrollment(getSql(), audit, field("code"));
      if (!codes) return fail("That code didn't work. Check the time on your phone and try the next code.");
      return data<Answer>({ intent, codes });
    }
    case "regenerate": {
      const wrong = await checkInSession(who, "password", password, "That is not your password.");
      if (wrong.length) return fail(wrong.join(" "));
      return data<Answer>({ intent, codes: await regenerateRecoveryCodes(getSql(), audit) });
    }
    case "disable": {
      // One attempt for the pair, so a known password never buys free guesses at the code.
      let failed = "That is not your password.";
      const wrong = await checkInSession(
        who,
        "password and code",
        async () => {
          if (!(await password())) return false;
          failed = "That code didn't work.";
          return Boolean(await verifySecondFactor(getSql(), actor.user.id, field("code")));
        },
        () => failed,
      );
      if (wrong.length) return fail(wrong.join(" "));
      await disableTwoFactor(getSql(), audit, actor.user.id);
      return redirect("/settings/security?saved=disabled");
    }
    default:
      return fail("Unknown action.");
  }
}

export default function SecurityPage() {
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<Answer>();
  const [params] = useSearchParams();
  const errorFor = (intent: string) => (answer?.intent === intent && answer.error ? [answer.error] : undefined);
  if (!loaded.available) {
    return (
      <div className="max-w-xl space-y-4">
        <PageHeader title="Security" />
        <p className="text-slate-600">Two-factor sign-in needs SECRET_ENCRYPTION_KEY on this server. Ask your administrator.</p>
      </div>
    );
  }
  return (
    <div className="max-w-xl space-y-6">
      <PageHeader title="Security" />
      {params.get("required") && !loaded.enabled ? (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          A group you are in requires two-factor sign-in. Set it up to continue.
        </p>
      ) : null}
      <Notice>{params.get("saved") === "disabled" ? "Two-factor sign-in is off." : null}</Notice>
      {answer?.codes ? <RecoveryCodes codes={answer.codes} /> : null}
      {loaded.enabled ? (
        <>
          <Section title="Two-factor sign-in is on">
            <p className="text-sm">{loaded.left} of 10 recovery codes left.</p>
            <Form method="post" className="space-y-2">
              <input type="hidden" name="intent" value="regenerate" />
              <FormErrors errors={errorFor("regenerate")} />
              <PasswordInput id="regenerate-password" />
              <Button variant="secondary">New recovery codes</Button>
            </Form>
          </Section>
          <Section title="Turn off two-factor sign-in">
            <Form method="post" className="space-y-2">
              <input type="hidden" name="intent" value="disable" />
              <FormErrors errors={errorFor("disable")} />
              <PasswordInput id="disable-password" />
              <CodeInput id="disable-code" />
              <Button variant="danger">Turn off</Button>
            </Form>
          </Section>
        </>
      ) : loaded.qr && loaded.secret ? (
        answer?.codes ? null : (
          <EnrollForm qr={loaded.qr} secret={loaded.secret} errors={errorFor("confirm")} />
        )
      ) : (
        <Section title="Two-factor sign-in is off">
          <p className="text-sm text-slate-600">After your password, Porch will also ask for a code from an app on your phone.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="begin" />
            <Button>Set up two-factor sign-in</Button>
          </Form>
        </Section>
      )}
    </div>
  );
}
