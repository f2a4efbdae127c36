import { Form } from "@remix-run/react";
import { Button, formatDate, Section, TableBox } from "./ui";

/** Lock state and the latest failed sign-ins on a user's page, with "Unlock". */
export function SignInSafety({
  locked,
  failures,
}: {
  locked: Date | string | null;
  failures: Array<{ createdAt: Date | string; ip: string | null; reason: string | null }>;
}) {
  return (
    <Section title="Sign-in safety">
      {locked ? (
        <Form method="post" className="flex flex-wrap items-center gap-3">
          <input type="hidden" name="intent" value="unlock" />
          <p className="text-sm font-medium text-red-800">
            Locked after too many failed sign-ins or password checks, until {formatDate(locked)}.
          </p>
          <Button variant="secondary">Unlock</Button>
        </Form>
      ) : (
        <p className="text-sm text-slate-600">Not locked.</p>
      )}
      {failures.length ? (
        <TableBox focusable label="Latest failed sign-ins">
          <table className="w-full text-left text-xs">
            <caption className="text-left text-sm font-medium">Latest failed sign-ins</caption>
            <thead className="text-slate-600">
              <tr>
                <th className="py-1 pr-2">Time</th>
                <th className="py-1 pr-2">IP</th>
                <th className="py-1 pr-2">Reason</th>
              </tr>
            </thead>
            <tbody>
              {failures.map((f, i) => (
                <tr key={i} className="border-t border-slate-200">
                  <td className="py-1 pr-2">{formatDate(f.createdAt)}</td>
                  <td className="py-1 pr-2">{f.ip}</td>
                  <td className="py-1 pr-2">{f.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      ) : (
        <p className="text-sm text-slate-600">No failed sign-ins on record.</p>
      )}
    </Section>
  );
}
