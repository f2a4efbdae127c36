import type { PermissionChoice, PermissionKey } from "~/permissions/definitions";

export const PERMISSION_LABELS: Record<PermissionKey, string> = {
  admin: "Administrator (everything)",
  "board-create": "Create boards",
  "board-view-all": "View all boards",
  "board-modify-all": "Modify all boards",
  "board-full-all": "Full access to all boards",
  "integration-create": "Create integrations",
  "integration-use-all": "Use all integrations",
  "integration-interact-all": "Interact with all integrations",
  "integration-full-all": "Full access to all integrations",
  "other-view-logs": "View logs",
  "app-protect": "Protect apps (forward auth)",
};

/**
 * One checkbox per global permission. Beside each: which checked key already implies it, and which
 * groups grant it, so an admin sees why someone has a permission they didn't tick.
 */
export function PermissionChecklist({
  name = "permissions",
  choices,
  checked,
  inherited = {},
}: {
  name?: string;
  /** From the loader (permissionChoices): the hierarchy stays out of the page's JavaScript. */
  choices: PermissionChoice[];
  checked: readonly string[];
  inherited?: Record<string, string[]>;
}) {
  const held = new Set(checked);
  return (
    <fieldset className="space-y-1">
      <legend className="sr-only">Permissions</legend>
      {choices.map(({ key, impliedBy }) => {
        const implied = impliedBy.filter((k) => held.has(k));
        const groups = inherited[key] ?? [];
        return (
          <label key={key} className="flex flex-wrap items-baseline gap-2 text-sm">
            <input type="checkbox" name={name} value={key} defaultChecked={held.has(key)} />
            <span className="font-medium">{PERMISSION_LABELS[key]}</span>
            <code className="text-xs text-slate-500">{key}</code>
            {implied.length ? <span className="text-xs text-emerald-700">implied by {implied.join(", ")}</span> : null}
            {groups.length ? <span className="text-xs text-blue-700">from group {groups.join(", ")}</span> : null}
          </label>
        );
      })}
    </fieldset>
  );
}
