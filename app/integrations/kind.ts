// What every integration kind provides. A kind is one file in ./kinds: its secret fields, its widget
// options, how it tests a connection and how it fetches widget data. Register it in registry.server.ts.

export interface SecretField {
  field: string;
  label: string;
  help?: string;
  /** Typed in the clear (a username): still stored encrypted and never shown again. */
  visible?: true;
}

export interface WidgetOption {
  name: string;
  label: string;
  help: string;
  required: boolean;
}

export interface KindContext {
  url: string;
  /** Decrypted secrets by field; only the ones that are set. */
  secrets: Record<string, string>;
  signal: AbortSignal;
}

/** The outcome of a connection test or a check, shown as is to the person who asked. */
export interface CheckResult {
  ok: boolean;
  status: number | null;
  ms: number;
  message: string;
}

export type WidgetData =
  | { type: "status"; up: boolean; status: number | null; ms: number; message: string }
  | { type: "value"; label: string; value: string; ms: number };

export interface IntegrationKind {
  id: string;
  label: string;
  description: string;
  secrets: SecretField[];
  options: WidgetOption[];
  test(ctx: KindContext): Promise<CheckResult>;
  widget(ctx: KindContext, options: Record<string, string>): Promise<WidgetData>;
}

/** What the browser may know about a kind: never a function, never a secret. */
export type KindInfo = Pick<IntegrationKind, "id" | "label" | "description" | "secrets" | "options">;
