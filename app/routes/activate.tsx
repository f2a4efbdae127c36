import { data, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { checkInSession } from "~/auth/budget.server";
import { canonicalCode, showCode } from "~/auth/device/code";
import { sessionAsker } from "~/auth/own-password.server";
import { FormErrors } from "~/components/form-errors";
import { Button, Notice, PageHeader, formatDate } from "~/components/ui";
import { getSql } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { answerRequest, findWaiting, type WaitingDevice } from "~/models/device-sign-ins.server";
import { authorize } from "~/permissions/authorize.server";
import { nearby } from "~/server/ip";
import { describeDevice } from "~/utils/device";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";

// Approving a TV's sign-in with a code (issue #22 part 3, ADR 039): the person types the code the TV
// shows, sees which device asks, and approves or refuses. Every lookup of a code is a sign-in attempt
// on this account and address (a guess). Approving is sensitive (the route table): a recent proof first.

export const meta: MetaFunction = () => [{ title: "Sign in a device · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/activate");
  const typed = new URL(args.request.url).searchParams.get("code") ?? "";
  const { notice, init } = await takeFlash(args.request);
  // From the TV's QR code: the code is filled in, and the person still presses Continue (no lookup on a link).
  const code = canonicalCode(typed);
  return data({ code: code ? showCode(code) : "", notice }, init);
}

export async function action(args: ActionFunctionArgs) {
  const { actor } = await authorize(args, "routes/activate");
  const { request, context } = args;
  // An approval belongs to a session (the TV's request ends with it): an API key approves nothing.
  if (actor.kind !== "session") throw new Response("Approve a device from a signed-in browser.", { status: 403 });
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "find");
  // Not named "code": the confirmation page keeps a refused form's fields but drops any named like a secret.
  const typed = String(form.get("device") ?? "");
  const code = canonicalCode(typed);
  if (!code)
    return data(
      { step: "enter" as const, code: typed.slice(0, 20), codeError: "Enter the 8 letters the device shows, like BCDF-GHJK.", errors: [] },
      { status: 400 },
    );
  let found: WaitingDevice | null = null;
  const approve = intent === "approve";
  const wrong = await checkInSession(
    sessionAsker(actor, context),
    "sign-in code",
    async () => {
      const sql = getSql();
      if (intent === "find") found = await findWaiting(sql, code);
      else if (approve || intent === "deny")
        found = await answerRequest(
          sql,
          code,
          approve
            ? {
                approve: true,
                userId: actor.user.id,
                sessionId: actor.session.id,
                approvedFrom: whereFrom(context),
                remember: form.get("remember") === "on",
              }
            : { approve: false },
        );
      return found !== null;
    },
    "No device is waiting with that code. Check the letters, or get a new code on the device (codes last 10 minutes).",
  );
  const asked = found as WaitingDevice | null;
  if (wrong.length || !asked)
    return data({ step: "enter" as const, code: showCode(code), codeError: null, errors: wrong }, { status: 400 });
  if (intent === "find") return { step: "review" as const, code: showCode(code), device: shown(asked, context), errors: [] };
  await recordAudit(getSql(), {
    action: approve ? "auth.device.approved" : "auth.device.denied",
    actorUserId: actor.user.id,
    ip: context.client.ip,
    userAgent: context.client.userAgent,
    targetType: "device",
    targetId: asked.id,
    details: { device: describeDevice(asked.userAgent), ip: asked.ip },
  });
  return redirectWithFlash("/activate", approve ? "device-approved" : "device-denied");
}

/** The approving device, as the TV's session will name it: "Firefox on Android, 198.51.100.2". */
const whereFrom = (context: AppLoadContext) => `${describeDevice(context.client.userAgent)}, ${context.client.ip ?? "unknown address"}`;

/** What the person sees of the asking device, and whether it asks from another network than theirs. */
function shown(asked: WaitingDevice, context: AppLoadContext) {
  const mine = context.client.ip;
  return {
    name: describeDevice(asked.userAgent),
    userAgent: asked.userAgent,
    ip: asked.ip,
    askedAt: asked.createdAt,
    // A hint, not a check (attack37): one /24 or /64 reads as one network; a NAT or an unset TRUST_PROXY hides the difference.
    elsewhere: !nearby(asked.ip, mine),
  };
}

export default function Activate() {
  const loaded = useLoaderData<typeof loader>();
  const answered = useActionData<typeof action>();
  if (answered?.step === "review") return <Review code={answered.code} device={answered.device} />;
  const codeError = answered?.step === "enter" ? answered.codeError : null;
  return (
    <div className="max-w-lg space-y-6">
      <PageHeader title="Sign in a device" />
      <Notice>{loaded.notice}</Notice>
      <p className="text-sm text-slate-700">
        Enter the code a TV or another device shows under &ldquo;Sign in with a code&rdquo;. You will see which device asks before anything
        happens.
      </p>
      <FormErrors errors={answered?.errors} />
      <Form method="post" className="space-y-4">
        <input type="hidden" name="intent" value="find" />
        <label className="block text-sm">
          <span className="block font-medium text-slate-700">Code</span>
          <input
            name="device"
            defaultValue={answered?.code ?? loaded.code}
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellCheck={false}
            required
            aria-invalid={codeError ? true : undefined}
            aria-describedby={codeError ? "code-error" : undefined}
            className="mt-1 w-48 rounded border border-slate-300 px-2 py-1.5 font-mono text-lg uppercase tracking-widest"
          />
          {codeError ? (
            <span id="code-error" className="mt-1 block text-red-700">
              {codeError}
            </span>
          ) : null}
        </label>
        <Button>Continue</Button>
      </Form>
    </div>
  );
}

function Review({ code, device }: { code: string; device: ReturnType<typeof shown> }) {
  return (
    <div className="max-w-lg space-y-6">
      <PageHeader title="Sign in this device as you?" />
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium text-slate-700">Device (as it describes itself)</dt>
        <dd title={device.userAgent ?? undefined}>{device.name}</dd>
        <dt className="font-medium text-slate-700">Address</dt>
        <dd>{device.ip ?? "unknown"}</dd>
        <dt className="font-medium text-slate-700">Asked</dt>
        <dd>{formatDate(device.askedAt)}</dd>
        <dt className="font-medium text-slate-700">Code</dt>
        <dd className="font-mono">{code}</dd>
      </dl>
      {device.elsewhere ? (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          This device asks from another network than yours. If someone sent you this code or asked you to enter it, refuse: whoever holds
          that device would be signed in as you.
        </p>
      ) : (
        <p className="text-sm text-slate-700">Approve only a code you see on a screen in front of you.</p>
      )}
      <Form method="post" className="space-y-4">
        <input type="hidden" name="device" value={code} />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="remember" defaultChecked />
          Keep the device signed in
        </label>
        <div className="flex flex-wrap gap-3">
          <Button name="intent" value="approve">
            Approve
          </Button>
          <Button variant="secondary" name="intent" value="deny">
            Refuse
          </Button>
        </div>
      </Form>
    </div>
  );
}
