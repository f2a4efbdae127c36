import type { IntegrationKind, KindInfo } from "./kind";
import { httpStatus } from "./kinds/http-status.server";
import { jsonApi } from "./kinds/json-api.server";

/** Every kind Porch knows. Adding one: a file in ./kinds and a line here. */
export const KINDS: readonly IntegrationKind[] = [httpStatus, jsonApi];

export const KIND_IDS = KINDS.map((k) => k.id);

export function kindOf(id: string): IntegrationKind | undefined {
  return KINDS.find((k) => k.id === id);
}

export function kindInfo(kind: IntegrationKind): KindInfo {
  return { id: kind.id, label: kind.label, description: kind.description, secrets: kind.secrets, options: kind.options };
}
