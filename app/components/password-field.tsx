import type { FieldMetadata } from "@conform-to/react";
import { useRef, useState } from "react";
import type { Strength } from "~/auth/password-strength";
import { TextField } from "./field";

const COLORS = ["text-red-700", "text-red-700", "text-amber-700", "text-emerald-700", "text-emerald-800"];

/**
 * A new-password field with a live strength hint once JavaScript runs. The estimator (and its
 * dictionary) loads only when someone starts typing; the server checks the same rules either way.
 */
export function NewPasswordField({ label, meta, username }: { label: string; meta: FieldMetadata<string | undefined>; username?: string }) {
  const [strength, setStrength] = useState<Strength | null>(null);
  const latest = useRef("");
  async function onInput(event: React.FormEvent<HTMLDivElement>) {
    const value = (event.target as HTMLInputElement).value;
    latest.current = value;
    if (!value) return setStrength(null);
    const { passwordStrength } = await import("~/auth/password-strength");
    if (latest.current === value) setStrength(passwordStrength(value, username ? [username] : []));
  }
  return (
    <div onInput={onInput}>
      <TextField label={label} meta={meta} type="password" autoComplete="new-password" />
      <p aria-live="polite" className={`min-h-4 text-xs ${strength ? COLORS[strength.score] : ""}`}>
        {strength ? `Strength: ${strength.label}.${strength.warning ? ` ${strength.warning}` : ""}` : ""}
      </p>
    </div>
  );
}
