/** Checkboxes for the groups a user belongs to (`everyone` is implicit, so it is not offered). */
export function GroupChoices({
  groups,
  checked,
  name = "groups",
}: {
  groups: Array<{ id: string; name: string; reserved: boolean }>;
  checked: readonly string[];
  name?: string;
}) {
  const choosable = groups.filter((g) => !g.reserved);
  if (choosable.length === 0) return <p className="text-sm text-slate-600">No groups yet besides everyone.</p>;
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium text-slate-700">Groups</legend>
      {choosable.map((g) => (
        <label key={g.id} className="flex items-center gap-2 text-sm">
          <input type="checkbox" name={name} value={g.id} defaultChecked={checked.includes(g.id)} />
          {g.name}
        </label>
      ))}
    </fieldset>
  );
}
