import { Form } from "@remix-run/react";
import { Button, Section, INLINE_CONTROL } from "./ui";

/** Pick the board `/` shows (for a person, or a group's members). */
export function HomeBoardForm({
  boards,
  current,
  title = "Home board",
  hint,
}: {
  boards: Array<{ id: string; name: string; title: string }>;
  current: string | null;
  title?: string;
  hint: string;
}) {
  return (
    <Section title={title}>
      <Form method="post" className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="intent" value="home-board" />
        <div className="text-sm">
          <label htmlFor="home-board-id" className="block font-medium text-slate-700">
            Board shown at /
          </label>
          <select id="home-board-id" name="boardId" defaultValue={current ?? ""} className={`${INLINE_CONTROL} mt-1`}>
            <option value="">Not set</option>
            {boards.map((b) => (
              <option key={b.id} value={b.id}>
                {b.title} ({b.name})
              </option>
            ))}
          </select>
        </div>
        <Button>Save home board</Button>
      </Form>
      <p className="text-xs text-slate-500">{hint}</p>
    </Section>
  );
}
