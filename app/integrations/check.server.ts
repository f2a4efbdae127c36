import { WrongEncryptionKeyError } from "~/auth/encryption.server";
import type { Db } from "~/db.server";
import { loadSecrets } from "~/models/integrations.server";
import type { CheckResult, IntegrationKind } from "./kind";

/**
 * "Test connection" and "Re-check now": one request to the integration's stored URL with the secrets
 * bound to that exact URL. The URL the secrets were chosen for is the URL they go to.
 */
export async function testIntegration(
  db: Db,
  kind: IntegrationKind,
  integration: { id: string; url: string },
  signal: AbortSignal,
): Promise<CheckResult> {
  let secrets: Record<string, string>;
  try {
    secrets = (await loadSecrets(db, [integration])).get(integration.id) ?? {};
  } catch (error) {
    // An operator's mistake, not the service's: the answer says so (never a 500 page).
    if (error instanceof WrongEncryptionKeyError) return { ok: false, status: null, ms: 0, message: error.message };
    throw error;
  }
  return kind.test({ url: integration.url, secrets, signal });
}
