import { Form } from "@remix-run/react";
import { THEME_CHOICES, type Theme } from "~/forms/theme";
import { FormErrors } from "./form-errors";
import { Button, Section } from "./ui";

/** Light or dark pages, for this person on every device; "Same as this device" follows the system setting. */
export function ThemeForm({ current, error }: { current: Theme | null; error?: string[] }) {
  return (
    <Section title="Appearance">
      <Form method="post" className="space-y-3">
        <input type="hidden" name="intent" value="theme" />
        <FormErrors errors={error} />
        <fieldset className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
          <legend className="sr-only">Colours</legend>
          {THEME_CHOICES.map((c) => (
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
