import { Form } from "@remix-run/react";
import { Button, formatDate } from "./ui";

/** A person's sessions, newest activity first, each with its own "Sign out" when `revocable`. */
export function SessionList({
  sessions,
  revocable = true,
}: {
  sessions: Array<{
    ref: string;
    device: string;
    ip: string | null;
    createdAt: Date;
    lastUsedAt: Date;
    current: boolean;
    approvedFrom?: string | null;
  }>;
  revocable?: boolean;
}) {
  if (sessions.length === 0) return <p className="text-sm text-slate-600">No active sessions.</p>;
  return (
    <ul className="divide-y divide-slate-200">
      {sessions.map((s) => (
        <li key={s.ref} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
          <div>
            <div className="font-medium">
              {s.device}
              {s.current ? <span className="ml-2 rounded bg-emerald-100 px-1.5 text-xs text-emerald-900">this device</span> : null}
            </div>
            <div className="text-xs text-slate-600">
              {s.ip ?? "unknown IP"} · signed in {formatDate(s.createdAt)} · last active {formatDate(s.lastUsedAt)} ·{" "}
              <span title="How the audit log names this session">ref {s.ref}</span>
            </div>
            {/* A TV signed in with a code: which device said yes (ADR 039). */}
            {s.approvedFrom ? <div className="text-xs text-slate-600">Approved from {s.approvedFrom}</div> : null}
          </div>
          {revocable ? (
            <Form method="post">
              <input type="hidden" name="intent" value="revoke" />
              <input type="hidden" name="session" value={s.ref} />
              <Button variant="secondary" aria-label={`Sign out ${s.device}${s.current ? " (this device)" : ""}`}>
                Sign out
              </Button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
