import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { renderSVG } from "uqr";
import { canEncrypt } from "~/auth/encryption.server";
import { checkInSession } from "~/auth/budget.server";
import { confirmOwnPassword, ownPasswordHolds, sessionAsker } from "~/auth/own-password.server";
import { finishRegistration, parseAnswer } from "~/auth/passkeys/ceremonies.server";
import { passkeyPlace, passkeysAllowedFor } from "~/auth/passkeys/place.server";
import { validatedSessionId } from "~/auth/actor.server";
import { provedRecently } from "~/auth/elevation.server";
import { PasskeysSection } from "~/components/passkeys";
import { listPasskeys, PASSKEY_NAME_MAX, passkeyName, removePasskey, renamePasskey } from "~/models/passkeys.server";
import { describeDevice } from "~/utils/device";
import { FormErrors } from "~/components/form-errors";
import { CodeInput, EnrollForm, PasswordInput, RecoveryCodes } from "~/components/two-factor-setup";
import { Button, Notice, PageHeader, Section } from "~/components/ui";
import { getSql } from "~/db.server";
import { hasLocalPassword } from "~/models/account.server";
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
  const { notice, init } = await takeFlash(request);
  const common = {
    notice,
    asksPassword: await hasLocalPassword(getSql(), actor.user.id),
    passkeys: await passkeysOf(actor),
    // A group requires a passkey sign-in and they have none yet: this page is where they add one.
    passkeyNeeded: actor.passkeyStep === "add",
  };
  if (!canEncrypt()) return data({ available: false as const, ...common }, init);
  const state = await twoFactorState(getSql(), actor.user);
  // The secret being set up is shown only to a session that proved it's them recently, as setting it up
  // and confirming it need (attack30): never to a stolen, older one.
  if (state.pending && !(actor.kind === "session" && provedRecently(actor, new Date()))) state.pending = null;
  const qr = state.pending ? `data:image/svg+xml;base64,${btoa(renderSVG(state.pending.uri))}` : null;
  const shown = {
    enabled: state.enabled,
    secret: state.pending?.secret ?? null,
    qr,
    left: state.recoveryCodesLeft,
  };
  return data({ available: true as const, ...common, ...shown }, init);
}

/** The passkeys part of the page: off on this server, not for this account (PASSKEY_ACCOUNTS), or the list. */
async function passkeysOf(actor: SignedInActor) {
  if (!passkeyPlace()) return { state: "off" as const };
  if (!passkeysAllowedFor(actor.user)) return { state: "elsewhere" as const };
  const rows = await listPasskeys(getSql(), actor.user.id);
  return {
    state: "on" as const,
    list: rows.map(({ lastUsedUserAgent, ...row }) => ({ ...row, lastUsedOn: row.lastUsedAt ? describeDevice(lastUsedUserAgent) : null })),
  };
}

type Answer = { intent: string; error?: string; codes?: string[] };

export async function action(args: ActionFunctionArgs) {
  const { actor } = await authorize(args, "routes/settings.security");
  const { request, context } = args;
  const form = await request.formData();
  const intent = intentOf(form);
  const handle = handlerFor(SECURITY_FORMS, intent) ?? handlerFor(PASSKEY_FORMS, intent);
  if (!handle) return refused(intent, "Unknown action.");
  if (Object.hasOwn(SECURITY_FORMS, intent) && !canEncrypt())
    throw new Refusal("not-found", "Two-factor sign-in is not available on this server.");
  if (Object.hasOwn(PASSKEY_FORMS, intent) && (!passkeyPlace() || !passkeysAllowedFor(actor.user)))
    throw new Refusal("not-found", "Passkeys are not available for this account.");
  return handle({ form, intent, actor, context, request, audit: { ...auditActorFrom(context), userId: actor.user.id } });
}

/** What each of the page's forms is handled with: the form, and whose account it is. */
interface SecurityForm {
  form: FormData;
  intent: string;
  actor: SignedInActor;
  context: AppLoadContext;
  request: Request;
  audit: AuditActor & { userId: string };
}

const refused = (intent: string, error: string) => data<Answer>({ intent, error }, { status: 400 });
const fieldOf = (form: FormData, name: string) => String(form.get(name) ?? "");
// The password first, as for new recovery codes or turning it off (confirmOwnPassword says why).
async function beginSetup(args: SecurityForm) {
  const wrong = await confirmOwnPassword(args.actor, args.context, fieldOf(args.form, "password"), "set up two-factor sign-in");
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
  const wrong = await confirmOwnPassword(args.actor, args.context, fieldOf(args.form, "password"), "make new recovery codes");
  if (wrong.length) return refused(args.intent, wrong.join(" "));
  return data<Answer>({ intent: args.intent, codes: await regenerateRecoveryCodes(getSql(), args.audit) });
}

async function turnOff(args: SecurityForm) {
  // One attempt for the pair, so a known password never buys free guesses at the code.
  let failed = "That is not your password.";
  const wrong = await checkInSession(
    sessionAsker(args.actor, args.context),
    "password and code",
    async () => {
      if (!(await ownPasswordHolds(args.actor, fieldOf(args.form, "password")))) return false;
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

// A passkey is added in two steps: /api/passkeys/options checks the password and issues the
// challenge for this session; this form then posts the authenticator's answer to that challenge.
async function addPasskey({ form, intent, actor, context, request }: SecurityForm) {
  const added = await finishRegistration(
    getSql(),
    request,
    passkeyPlace()!,
    { userId: actor.user.id, sessionId: validatedSessionId(context.actor) },
    parseAnswer(form.get("response")),
    fieldOf(form, "name"),
    auditActorFrom(context),
  );
  return added.ok ? redirectWithFlash("/settings/security", "passkey-added") : refused(intent, added.error);
}

async function renameOne({ form, intent, audit }: SecurityForm) {
  // One line: a name is shown in pages and told in security mails (attack42).
  const name = passkeyName(fieldOf(form, "name"));
  if (!name || name.length > PASSKEY_NAME_MAX) return refused(intent, `A passkey's name is 1 to ${PASSKEY_NAME_MAX} characters.`);
  if (!(await renamePasskey(getSql(), audit, fieldOf(form, "id"), name))) return refused(intent, "That passkey is gone.");
  return redirectWithFlash("/settings/security", "passkey-renamed");
}

// The password first: a stolen session must not remove the owner's passkeys either.
async function removeOne(args: SecurityForm) {
  const wrong = await confirmOwnPassword(args.actor, args.context, fieldOf(args.form, "password"), "remove a passkey");
  if (wrong.length) return refused(args.intent, wrong.join(" "));
  if (!(await removePasskey(getSql(), args.audit, fieldOf(args.form, "id")))) return refused(args.intent, "That passkey is gone.");
  return redirectWithFlash("/settings/security", "passkey-removed");
}

const PASSKEY_FORMS = { "passkey-add": addPasskey, "passkey-rename": renameOne, "passkey-remove": removeOne };

export default function SecurityPage() {
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<Answer>();
  const [params] = useSearchParams();
  const errorFor = (intent: string) => (answer?.intent === intent && answer.error ? [answer.error] : undefined);
  if (!loaded.available) {
    return (
      <div className="max-w-xl space-y-4">
        <PageHeader title="Security" />
        <PasskeyNeeded shown={loaded.passkeyNeeded} />
        <Notice>{loaded.notice}</Notice>
        <p className="text-slate-600">Two-factor sign-in needs SECRET_ENCRYPTION_KEY on this server. Ask your administrator.</p>
        <Passkeys shown={loaded.passkeys} asksPassword={loaded.asksPassword} errorFor={errorFor} />
      </div>
    );
  }
  const { asksPassword } = loaded;
  return (
    <div className="max-w-xl space-y-6">
      <PageHeader title="Security" />
      <PasskeyNeeded shown={loaded.passkeyNeeded} />
      {params.get("required") === "1" && !loaded.enabled ? (
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
      <Passkeys shown={loaded.passkeys} asksPassword={asksPassword} errorFor={errorFor} />
    </div>
  );
}

/** Why only this page opens, while a group requires a passkey sign-in and the person has no passkey. */
function PasskeyNeeded({ shown }: { shown: boolean }) {
  if (!shown) return null;
  return (
    <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      A group you are in requires signing in with a passkey. Add one under Passkeys below, then confirm with it to continue.
    </p>
  );
}

/** The passkeys section, or one line saying why there is none. */
function Passkeys({
  shown,
  asksPassword,
  errorFor,
}: {
  shown: Awaited<ReturnType<typeof passkeysOf>>;
  asksPassword: boolean;
  errorFor: (intent: string) => string[] | undefined;
}) {
  if (shown.state === "off") return null;
  if (shown.state === "elsewhere")
    return (
      <Section title="Passkeys">
        <p className="text-sm text-slate-600">
          Your account signs in through your directory or identity provider, which decides each time whether you may: a passkey here would
          get around it.
        </p>
      </Section>
    );
  return <PasskeysSection passkeys={shown.list} asksPassword={asksPassword} errorFor={errorFor} />;
}
