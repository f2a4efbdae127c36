import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { renderSVG } from "uqr";
import { showCode } from "~/auth/device/code";
import { clearCookie, readPorchCookie, setCookie } from "~/auth/cookie.server";
import { tooManyAttempts } from "~/auth/budget.server";
import { startSession } from "~/auth/sign-in.server";
import { reserveKey } from "~/auth/throttle.server";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { askForCode, dropDeviceRequest, readDeviceRequest, redeemApproval } from "~/models/device-sign-ins.server";
import { authorize } from "~/permissions/authorize.server";
import { throttledNetwork } from "~/server/ip";
import { NO_HYDRATION, type RouteHandle } from "~/utils/hydration";

// Sign in on a TV or kiosk with a code (issue #22 part 3, ADR 039). This browser asks; someone signed in
// elsewhere approves on /activate; this page, reloading itself every few seconds (no script needed),
// notices and gets a session of its own. Only the browser holding the request's cookie can.

/** How often the waiting page looks for the approval. */
const WAIT_SECONDS = 5;

export const meta: MetaFunction = () => [{ title: "Sign in with a code · Porch" }];

/** The waiting page's script, served on its own like the passkey button's (the page ships no React). */
const SCRIPT = import.meta.env.DEV ? "/app/browser/device-wait.ts" : "/device-wait.js";

export const handle: RouteHandle = NO_HYDRATION;

const secure = () => getConfig().secureCookies;

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/auth.device");
  const { request, context } = args;
  const sql = getSql();
  const token = readPorchCookie(request, "device", secure());
  const asked = await readDeviceRequest(sql, token);
  const forget = { "Set-Cookie": clearCookie("device", secure()) };
  if (!asked) return data({ state: "start" as const, ended: token ? ("expired" as const) : null }, token ? { headers: forget } : undefined);
  if (asked.state === "denied") {
    await dropDeviceRequest(sql, asked.id);
    return data({ state: "start" as const, ended: "denied" as const }, { headers: forget });
  }
  if (asked.state === "approved") {
    const approval = await redeemApproval(sql, asked.id);
    // Another tab of this browser took it a moment ago: that tab is signed in; this one starts over.
    if (!approval) return data({ state: "start" as const, ended: "expired" as const }, { headers: forget });
    // The passkey that proved the approving session comes along, and must still be the account's.
    if (approval.passkeyId) context.signInProof = { userId: approval.userId, passkeyId: approval.passkeyId };
    const headers = new Headers(forget);
    headers.append(
      "Set-Cookie",
      // startSession, not finishSignIn: this device proved nothing, so the account's attempts aren't forgiven (ADR 006).
      await startSession(context, approval.userId, {
        remember: approval.remember,
        provider: "device-code",
        // Not a proof on this device: a sensitive action here asks first.
        provedAt: null,
        approvedFrom: approval.approvedFrom,
        oidcSid: approval.oidcSid,
      }),
    );
    return redirect("/", { headers });
  }
  const code = showCode(asked.code);
  // The address comes from BASE_URL or the allowed host (never the request's Host header alone).
  const activate = `${context.origin}/activate`;
  return data({
    state: "waiting" as const,
    code,
    activate,
    qr: `data:image/svg+xml;base64,${btoa(renderSVG(`${activate}?code=${code}`))}`,
    minutesLeft: Math.max(1, Math.round((asked.expiresAt.getTime() - Date.now()) / 60_000)),
  });
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/auth.device");
  const { request, context } = args;
  const sql = getSql();
  const form = await request.formData();
  const token = readPorchCookie(request, "device", secure());
  const previous = await readDeviceRequest(sql, token);
  if (form.get("intent") === "cancel") {
    if (previous) await dropDeviceRequest(sql, previous.id);
    return redirect("/auth/login", { headers: { "Set-Cookie": clearCookie("device", secure()) } });
  }
  // A new code replaces this browser's last one (its code stops working at once).
  if (previous) await dropDeviceRequest(sql, previous.id);
  // Each code is a chance for a stranger's approval (code phishing): a network gets as many as sign-in attempts.
  const policy = getConfig().lockout;
  const ip = context.client.ip;
  const reserved = ip ? await reserveKey(sql, `device:${throttledNetwork(ip)}`, policy.ipAttempts, policy) : null;
  if (reserved && !reserved.ok)
    return data(
      { error: tooManyAttempts(reserved.retryAfterMs) },
      { status: 429, headers: { "Retry-After": String(Math.ceil(reserved.retryAfterMs / 1000)) } },
    );
  const { token: made, expiresAt } = await askForCode(sql, context.client);
  await recordAudit(sql, {
    action: "auth.device.asked",
    actorUserId: null,
    ip: context.client.ip,
    userAgent: context.client.userAgent,
    targetType: "device",
    targetId: made.slice(0, made.indexOf(".")),
    details: { expiresAt: expiresAt.toISOString() },
  });
  return redirect("/auth/device", { headers: { "Set-Cookie": setCookie("device", made, secure()) } });
}

const ENDED = {
  expired: "That code expired or was already used. Get a new one.",
  denied: "That sign-in was refused on the other device.",
} as const;

export default function DeviceSignIn() {
  const loaded = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  if (loaded.state === "waiting") {
    return (
      <div className="mx-auto max-w-xl space-y-6 text-center" data-device-wait={WAIT_SECONDS}>
        {/* Without JavaScript the page reloads itself to notice the approval; with it, the script asks instead. */}
        <noscript>
          <meta httpEquiv="refresh" content={String(WAIT_SECONDS)} />
        </noscript>
        <script type="module" src={SCRIPT} />
        <h1 className="text-2xl font-semibold">Sign in with a code</h1>
        <p className="text-lg">
          On a phone or computer where you are signed in, open <strong className="break-all">{loaded.activate}</strong> and enter this code:
        </p>
        <p className="font-mono text-5xl font-semibold tracking-widest" aria-label={`Code ${loaded.code.split("").join(" ")}`}>
          {loaded.code}
        </p>
        <img src={loaded.qr} alt="QR code that opens the approval page with this code" className="mx-auto h-48 w-48 bg-white p-2" />
        <p className="text-sm text-slate-600" role="status">
          Waiting for the approval… This page looks for it every {WAIT_SECONDS} seconds. The code works for {loaded.minutesLeft} more{" "}
          {loaded.minutesLeft === 1 ? "minute" : "minutes"}.
        </p>
        <Form method="post" reloadDocument>
          <input type="hidden" name="intent" value="cancel" />
          <button type="submit" className="text-sm text-blue-800 underline">
            Cancel
          </button>
        </Form>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold">Sign in with a code</h1>
      {refused?.error || loaded.ended ? (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {refused?.error ?? ENDED[loaded.ended!]}
        </p>
      ) : null}
      <p className="text-sm text-slate-700">
        For a TV or a shared screen where typing a password is awkward: this device shows a code, and you approve it from a phone or
        computer where you are already signed in. This device then gets its own session, which you can sign out under Settings → Sessions.
      </p>
      <Form method="post" reloadDocument>
        <input type="hidden" name="intent" value="start" />
        <button type="submit" className="w-full rounded bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700">
          Show a code
        </button>
      </Form>
      <Link to="/auth/login" className="block text-sm text-blue-800 underline">
        Sign in with a password instead
      </Link>
    </div>
  );
}
