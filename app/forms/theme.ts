/** The Appearance form's choices: the one list the form shows and the action accepts. */
export const THEME_CHOICES = [
  { value: "device", label: "Same as this device", theme: null },
  { value: "light", label: "Light", theme: "light" },
  { value: "dark", label: "Dark", theme: "dark" },
] as const;

export type Theme = "light" | "dark";

/** The stored theme for a submitted choice (null: follow the device), or undefined for anything else. */
export function themeOfChoice(value: unknown): Theme | null | undefined {
  return THEME_CHOICES.find((c) => c.value === value)?.theme;
}
