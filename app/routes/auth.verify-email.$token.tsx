import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { LinkUnavailable } from "~/components/link-unavailable";
import { Button } from "~/components/ui";
import { getSql } from "~/db.server";
import { confirmEmail, emailVerificationFor } from "~/models/email-verification.server";

export const meta: MetaFunction = () => [{ title: "Confirm your email · Porch" }];

const UNUSABLE =
  "This confirmation link is no longer valid: it was used, it expired (links work for 24 hours), the address changed since, or it was mistyped. Send a new one from My account.";

// GET only shows what would be confirmed (mail scanners open links); the POST confirms.
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/auth.verify-email.$token");
  const { params } = args;
  const found = await emailVerificationFor(getSql(), params.token ?? "");
  if (!found) return data({ found: null, message: UNUSABLE }, { status: 410 });
  return { found, message: null };
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/auth.verify-email.$token");
  const { params, context } = args;
  const done = await confirmEmail(getSql(), params.token ?? "", context.client);
  if (!done) return data({ confirmed: null, message: UNUSABLE }, { status: 410 });
  return { confirmed: done.email, message: null };
}

export default function VerifyEmailPage() {
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const message = answer ? answer.message : loaded.message;
  if (message) return <LinkUnavailable title="Confirmation link unavailable" message={message} />;
  if (answer?.confirmed) {
    return (
      <div className="mx-auto max-w-sm space-y-3">
        <h1 className="text-2xl font-semibold">Email confirmed</h1>
        <p role="status" className="text-slate-700">
          {answer.confirmed} is confirmed.
        </p>
        <Link to="/settings" className="text-blue-800 underline">
          Back to My account
        </Link>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Confirm your email</h1>
        <p className="text-slate-600">
          Confirm that <strong>{loaded.found?.email}</strong> is yours, for the Porch account <strong>{loaded.found?.username}</strong>.
        </p>
      </div>
      <Form method="post">
        <Button>Confirm my email</Button>
      </Form>
    </div>
  );
}
