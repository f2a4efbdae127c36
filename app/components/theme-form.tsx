import { Form } from "@remix-run/react";
import { FormErrors } from "./field";
import { Button, Section } from "./ui";

const CHOICES = [
  { value: "device", label: "Same as this device" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
] as const;

/** Light or dark pages, for this person on every device; "Same as this device" follows the system setting. */
export function ThemeForm({ current, error }: { current: "light" | "dark" | null; error?: string[] }) {
  return (
    <Section title="Appearance">
      <Form method="post" className="space-y-3">
        <input type="hidden" name="intent" value="theme" />
        <FormErrors errors={error} />
        <fieldset className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
          <legend className="sr-only">Colours</legend>
          {CHOICES.map((c) => (
            <label key={c.value} className="flex items-center gap-2">
              <input type="radio" name="theme" value={c.value} defaultChecked={(current ?? "device") === c.value} />
              {c.label}
            </label>
          ))}
        </fieldset>
        <Button variant="secondary">Save appearance</Button>
      </Form>
    </Section>
  );
}
