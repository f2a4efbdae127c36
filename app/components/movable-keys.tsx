import { Form, Link } from "@remix-run/react";
import { FormErrors } from "./form-errors";
import { Button, formatDate, INLINE_CONTROL, Section } from "./ui";

/**
 * A person's working API keys on their admin page: they stop when the person is deactivated or deleted,
 * so the page offers to move them to a service account first (ADR 040).
 */
export function MovableKeys({
  username,
  keys,
  serviceAccounts,
  errors,
}: {
  username: string;
  keys: Array<{ id: string; description: string; lastUsedAt: Date | string | null }>;
  serviceAccounts: Array<{ id: string; name: string }>;
  errors?: string[];
}) {
  if (!keys.length) return null;
  return (
    <Section title={`API keys (${keys.length} working)`}>
      <p className="text-sm text-slate-700">
        These stop working if {username} is deactivated or deleted. To keep an automation running, move them to a service account first: the
        same keys then act with its permissions. Their secrets don&rsquo;t change, so whoever knows one ({username} made them) can still use
        it: for a clean break, make the automation new keys there and revoke these.
      </p>
      <ul className="list-disc ps-5 text-sm">
        {keys.map((k) => (
          <li key={k.id}>
            {k.description} <span className="text-slate-600">(last used {formatDate(k.lastUsedAt)})</span>
          </li>
        ))}
      </ul>
      <FormErrors errors={errors} />
      {serviceAccounts.length ? (
        <Form method="post" className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="intent" value="move-keys" />
          {/* The keys listed here, and only these, move (attack39). */}
          {keys.map((k) => (
            <input key={k.id} type="hidden" name="keys" value={k.id} />
          ))}
          <label className="text-sm">
            <span className="block font-medium text-slate-700">Move them to</span>
            <select name="to" className={INLINE_CONTROL} defaultValue={serviceAccounts[0].id}>
              {serviceAccounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <Button variant="secondary">Move API keys</Button>
        </Form>
      ) : (
        <p className="text-sm text-slate-600">
          To keep them, first{" "}
          <Link to="/manage/users/service-accounts" className="text-blue-800 underline">
            create a service account
          </Link>
          .
        </p>
      )}
    </Section>
  );
}
