import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { renderSVG } from "uqr";
import { canEncrypt } from "~/auth/encryption.server";
import { checkInSession } from "~/auth/budget.server";
import { FormErrors } from "~/components/form-errors";
import { CodeInput, EnrollForm, PasswordInput, RecoveryCodes } from "~/components/two-factor-setup";
import { Button, Notice, PageHeader, Section } from "~/components/ui";
import { getSql } from "~/db.server";
import { hasLocalPassword, passwordIsRight } from "~/models/account.server";
import { auditActorFrom, type AuditActor } from "~/models/audit.server";
import {
  beginEnrollment,
  confirmEnrollment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  twoFactorState,
  verifySecondFactor,
} from "~/models/two-factor.server";
import type { SignedInActor } from "~/auth/actor.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { handlerFor, intentOf } from "~/utils/form-reply.server";

export const meta: MetaFunction = () => [{ title: "Security · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/settings.security");
  const { request } = args;
  if (!canEncrypt()) return { available: false as const };
  const state = await twoFactorState(getSql(), actor.user);
  const qr = state.pending ? `data:image/svg+xml;base64,${btoa(renderSVG(state.pending.uri))}` : null;
  const { notice, init } = await takeFlash(request);
  const shown = {
    enabled: state.enabled,
    secret: state.pending?.secret ?? null,
    qr,
    left: state.recoveryCodesLeft,
    notice,
    asksPassword: await hasLocalPassword(getSql(), actor.user.id),
  };
  return data({ available: true as const, ...shown }, init);
}

type Answer = { intent: string; error?: string; codes?: string[] };

export async function action(args: ActionFunctionArgs) {
  const { actor } = await authorize(args, "routes/settings.security");
  const { request, context } = args;
  if (!canEncrypt()) throw new Refusal("not-found", "Two-factor sign-in is not available on this server.");
  const form = await request.formData();
  const intent = intentOf(form);
  const handle = handlerFor(SECURITY_FORMS, intent);
  if (!handle) return refused(intent, "Unknown action.");
  return handle({ form, intent, actor, context, audit: { ...auditActorFrom(context), userId: actor.user.id } });
}

/** What each of the page's forms is handled with: the form, and whose account it is. */
interface SecurityForm {
  form: FormData;
  intent: string;
  actor: SignedInActor;
  context: AppLoadContext;
  audit: AuditActor & { userId: string };
}

const refused = (intent: string, error: string) => data<Answer>({ intent, error }, { status: 400 });
const fieldOf = (form: FormData, name: string) => String(form.get(name) ?? "");
// Password and code spend the sign-in budget of the account, as at sign-in.
const budgetOf = ({ actor, context }: SecurityForm) => ({ username: actor.user.username, userId: actor.user.id, client: context.client });
// An account from a directory, an identity provider or a proxy has no password here to ask for: its
// proof is the sign-in it just made there (attack15: they could never set two-factor up).
const passwordIsRightIn = async ({ form, actor }: SecurityForm) =>
  !(await hasLocalPassword(getSql(), actor.user.id)) || passwordIsRight(actor.user.id, fieldOf(form, "password"));

// The password first, as for new recovery codes or turning it off: a stolen session must not tie the
// account to the thief's phone and lock its owner out at the next sign-in (attack12).
async function beginSetup(args: SecurityForm) {
  const wrong = await checkInSession(budgetOf(args), "password", () => passwordIsRightIn(args), "That is not your password.");
  if (wrong.length) return refused(args.intent, wrong.join(" "));
  await beginEnrollment(getSql(), args.actor.user);
  return redirect("/settings/security");
}

async function confirmSetup({ form, intent, audit }: SecurityForm) {
  const codes = await confirmEnrollment(getSql(), audit, fieldOf(form, "code"));
  if (!codes) return refused(intent, "That code didn't work. Check the time on your phone and try the next code.");
  return data<Answer>({ intent, codes });
}

async function newRecoveryCodes(args: SecurityForm) {
  const wrong = await checkInSession(budgetOf(args), "password", () => passwordIsRightIn(args), "That is not your password.");
  if (wrong.length) return refused(args.intent, wrong.join(" "));
  return data<Answer>({ intent: args.intent, codes: await regenerateRecoveryCodes(getSql(), args.audit) });
}

async function turnOff(args: SecurityForm) {
  // One attempt for the pair, so a known password never buys free guesses at the code.
  let failed = "That is not your password.";
  const wrong = await checkInSession(
    budgetOf(args),
    "password and code",
    async () => {
      if (!(await passwordIsRightIn(args))) return false;
      failed = "That code didn't work.";
      return Boolean(await verifySecondFactor(getSql(), args.actor.user.id, fieldOf(args.form, "code")));
    },
    () => failed,
  );
  if (wrong.length) return refused(args.intent, wrong.join(" "));
  await disableTwoFactor(getSql(), args.audit, args.actor.user.id);
  return redirectWithFlash("/settings/security", "two-factor-off");
}

const SECURITY_FORMS = { begin: beginSetup, confirm: confirmSetup, regenerate: newRecoveryCodes, disable: turnOff };

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
  const { asksPassword } = loaded;
  return (
    <div className="max-w-xl space-y-6">
      <PageHeader title="Security" />
      {params.get("required") && !loaded.enabled ? (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          A group you are in requires two-factor sign-in. Set it up to continue.
        </p>
      ) : null}
      <Notice>{loaded.notice}</Notice>
      {answer?.codes ? <RecoveryCodes codes={answer.codes} /> : null}
      {loaded.enabled ? (
        <>
          <Section title="Two-factor sign-in is on">
            <p className="text-sm">{loaded.left} of 10 recovery codes left.</p>
            <Form method="post" className="space-y-2">
              <input type="hidden" name="intent" value="regenerate" />
              <FormErrors errors={errorFor("regenerate")} />
              {asksPassword ? <PasswordInput id="regenerate-password" /> : null}
              <Button variant="secondary">New recovery codes</Button>
            </Form>
          </Section>
          <Section title="Turn off two-factor sign-in">
            <Form method="post" className="space-y-2">
              <input type="hidden" name="intent" value="disable" />
              <FormErrors errors={errorFor("disable")} />
              {asksPassword ? <PasswordInput id="disable-password" /> : null}
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
          <Form method="post" className="space-y-2">
            <input type="hidden" name="intent" value="begin" />
            <FormErrors errors={errorFor("begin")} />
            {asksPassword ? <PasswordInput id="begin-password" /> : null}
            <Button>Set up two-factor sign-in</Button>
          </Form>
        </Section>
      )}
    </div>
  );
}
