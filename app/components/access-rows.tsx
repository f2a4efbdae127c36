import { Form } from "@remix-run/react";
import { BOARD_LEVELS } from "~/permissions/boards";
import { INTEGRATION_LEVELS } from "~/permissions/integrations";
import { PROTECTED_APP_LEVELS } from "~/permissions/protected-apps";
import { FormErrors } from "./form-errors";
import { Button, Section, INLINE_CONTROL } from "./ui";

/** What a resource's levels are called, what each allows, and what "Check a user" says. */
export interface LevelWords {
  levels: readonly string[];
  hints: string[];
  /** The verbs of "can view / can modify / can own". */
  verbs: string[];
  noun: string;
}

export const BOARD_WORDS: LevelWords = {
  levels: BOARD_LEVELS,
  hints: ["view: see the board", "modify: also add, edit, reorder and remove items", "full: also rename, share and delete the board"],
  verbs: ["view", "modify", "own"],
  noun: "board",
};

export const PROTECTED_APP_WORDS: LevelWords = {
  levels: PROTECTED_APP_LEVELS,
  hints: ["open: get through the reverse proxy to the app"],
  verbs: ["open"],
  noun: "protected app",
};

export const INTEGRATION_WORDS: LevelWords = {
  levels: INTEGRATION_LEVELS,
  hints: ["use: its data in widgets", "interact: also actions on the service (Re-check now)", "full: also edit, secrets, share and delete"],
  verbs: ["use", "interact with", "own"],
  noun: "integration",
};

function LevelSelect({
  name = "level",
  value,
  label,
  levels,
}: {
  name?: string;
  value?: string;
  label: string;
  levels: readonly string[];
}) {
  // One level (protected apps: open) is no choice: it goes with the form, unseen.
  if (levels.length === 1) return <input type="hidden" name={name} value={levels[0]} />;
  return (
    <select name={name} defaultValue={value ?? levels[0]} aria-label={label} className={INLINE_CONTROL}>
      {levels.map((l) => (
        <option key={l} value={l}>
          {l}
        </option>
      ))}
    </select>
  );
}

interface Row {
  id: string;
  label: string;
  level: string;
}

/** Rows of one kind (users or groups): change a level in place, or remove the row. */
function RowList({ rows, kind, empty, levels }: { rows: Row[]; kind: "user" | "group"; empty: string; levels: readonly string[] }) {
  if (!rows.length) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-200">
      {rows.map((r) => (
        <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-1.5 text-sm">
          <span>{r.label}</span>
          <span className="flex items-center gap-2">
            {levels.length === 1 ? (
              // Nothing to change to: the level is said, not offered.
              <span className="text-slate-600">{r.level}</span>
            ) : (
              <Form method="post" className="flex items-center gap-2">
                <input type="hidden" name="intent" value={`grant-${kind}`} />
                <input type="hidden" name={kind === "user" ? "username" : "groupId"} value={kind === "user" ? r.label : r.id} />
                <LevelSelect value={r.level} label={`Access of ${r.label}`} levels={levels} />
                <Button variant="secondary">Change</Button>
              </Form>
            )}
            <Form method="post">
              <input type="hidden" name="intent" value={`revoke-${kind}`} />
              <input type="hidden" name="id" value={r.id} />
              <Button variant="secondary" aria-label={`Remove ${r.label}`}>
                Remove
              </Button>
            </Form>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function AccessRows({
  words,
  users,
  groups,
  otherGroups,
  suggestions,
  errors,
  scope,
}: {
  words: LevelWords;
  users: Array<{ id: string; username: string; level: string }>;
  groups: Array<{ id: string; name: string; level: string }>;
  otherGroups: Array<{ id: string; name: string }>;
  /** Usernames offered as the asker types (a <datalist>: no JavaScript needed). */
  suggestions: string[];
  errors: { user?: string[]; group?: string[] };
  scope: Scope;
}) {
  return (
    <>
      <Section title="Users">
        <FormErrors errors={errors.user} />
        <RowList
          kind="user"
          levels={words.levels}
          rows={users.map((u) => ({ id: u.id, label: u.username, level: u.level }))}
          empty="No user has a row yet."
        />
        <Form method="post" className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="intent" value="grant-user" />
          <label className="text-sm">
            <span className="block font-medium text-slate-700">Username</span>
            <input name="username" list="grant-user-suggestions" autoComplete="off" required maxLength={64} className={INLINE_CONTROL} />
          </label>
          <datalist id="grant-user-suggestions">
            {suggestions.map((u) => (
              <option key={u} value={u} />
            ))}
          </datalist>
          <LevelSelect label="Access for the new user" levels={words.levels} />
          <Button>Add user</Button>
        </Form>
      </Section>
      <Section title="Groups">
        <FormErrors errors={errors.group} />
        <RowList
          kind="group"
          levels={words.levels}
          rows={groups.map((g) => ({ id: g.id, label: g.name, level: g.level }))}
          empty="No group has a row yet."
        />
        {otherGroups.length ? (
          <Form method="post" className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="intent" value="grant-group" />
            <label className="text-sm" htmlFor="grant-group-id">
              <span className="block font-medium text-slate-700">Group</span>
            </label>
            {/* Nothing chosen at first: one click must not share with a group (say, everyone) by default. */}
            <select id="grant-group-id" name="groupId" required defaultValue="" className={INLINE_CONTROL}>
              <option value="" disabled>
                Choose a group…
              </option>
              {otherGroups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
            <LevelSelect label="Access for the group" levels={words.levels} />
            <Button>Add group</Button>
          </Form>
        ) : null}
        {scope === "resource" ? (
          <p className="text-xs text-slate-500">You can add groups you belong to; an administrator can share with any group.</p>
        ) : null}
        <p className="text-xs text-slate-500">
          {words.hints.join(" · ")}.{words.levels.length > 1 ? " Each level includes the ones before it." : null}
        </p>
      </Section>
    </>
  );
}

/** What the asker may learn on this tab: "all" (administrators) or the resource's own picture. */
export type Scope = "all" | "resource";

export interface ExplanationView {
  username: string;
  active: boolean | null;
  scope: Scope;
  level: string | null;
  reasons: Array<{ text: string; level: string }>;
}

/** "Check a user": can they view, modify, own this board, and why (within what the asker may know). */
export function CheckUser({
  words,
  query,
  explanation,
  scope,
}: {
  words: LevelWords;
  query: string;
  explanation: ExplanationView | null;
  scope: Scope;
}) {
  const rank = explanation?.level ? words.levels.indexOf(explanation.level) + 1 : 0;
  return (
    <Section title="Check a user">
      <Form method="get" className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Username to check</span>
          <input name="check" defaultValue={query} autoComplete="off" maxLength={64} className={INLINE_CONTROL} />
        </label>
        <Button variant="secondary">Check</Button>
      </Form>
      {scope === "resource" ? (
        <p className="text-xs text-slate-500" data-testid="check-scope">
          Only administrators can check anyone. You can check people this {words.noun} already shows you: you, its creator, people with a
          row and members of groups with a row. The answer counts what its rows
          {words.noun === "board" ? ", its creator and its public flag" : " and its creator"} grant; global permissions and account status
          are shown to administrators only.
        </p>
      ) : null}
      {query && !explanation ? (
        <p className="text-sm text-slate-600">
          {scope === "all"
            ? "No user has that username."
            : `No one by that name has a row on this ${words.noun} or is in a group that has one.`}
        </p>
      ) : null}
      {explanation ? (
        <div className="space-y-2 text-sm" data-testid="explanation">
          <p>
            <strong>{explanation.username}</strong>{" "}
            {words.levels.map((l, i) => (
              <span
                key={l}
                className={`mr-2 inline-block rounded px-2 py-0.5 ${i < rank ? "bg-emerald-100 text-emerald-900" : "bg-slate-100 text-slate-600 line-through"}`}
              >
                {i < rank ? "can" : "can't"} {words.verbs[i]}
              </span>
            ))}
          </p>
          {explanation.active === false ? (
            <p className="text-amber-800">Their account is inactive: they can't sign in at all right now.</p>
          ) : null}
          {explanation.reasons.length ? (
            <ul className="list-disc pl-5">
              {explanation.reasons.map((r) => (
                <li key={r.text}>
                  {r.level}: {r.text}
                </li>
              ))}
            </ul>
          ) : (
            <p>
              {explanation.scope === "all"
                ? "Nothing grants them access: no row for them or their groups, and no global permission that reaches it."
                : "Nothing on this " + words.noun + " grants them access: no row for them or their groups."}
            </p>
          )}
        </div>
      ) : null}
    </Section>
  );
}

/**
 * A resource's whole Access tab (boards, integrations, protected apps): its rows and Check a user, from
 * loadAccessTab's data, with the refused form's message beside the form that was sent.
 */
export function AccessTab({
  words,
  tab,
  reply,
}: {
  words: LevelWords;
  tab: {
    grants: Pick<Parameters<typeof AccessRows>[0], "users" | "groups" | "otherGroups" | "suggestions">;
    check: string;
    explanation: ExplanationView | null;
    scope: Scope;
  };
  reply: { intent: string; result: { error?: Record<string, string[] | null> | null } } | undefined;
}) {
  const errorsOf = (kind: string) => (reply?.intent.endsWith(`-${kind}`) ? (reply.result.error?.[""] ?? undefined) : undefined);
  const { grants, check, explanation, scope } = tab;
  return (
    <>
      <AccessRows
        words={words}
        users={grants.users}
        groups={grants.groups}
        otherGroups={grants.otherGroups}
        suggestions={grants.suggestions}
        errors={{ user: errorsOf("user"), group: errorsOf("group") }}
        scope={scope}
      />
      <CheckUser words={words} query={check} explanation={explanation} scope={scope} />
    </>
  );
}
