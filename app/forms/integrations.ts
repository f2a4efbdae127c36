import * as v from "valibot";
import { webUrl } from "./web-url";

export const integrationName = v.pipe(
  v.string("Name the integration"),
  v.trim(),
  v.nonEmpty("Name the integration"),
  v.maxLength(100, "Names have at most 100 characters"),
);

export const integrationUrl = v.pipe(
  v.string("Enter the service's URL"),
  v.trim(),
  v.nonEmpty("Enter the service's URL"),
  v.maxLength(2048, "URLs have at most 2048 characters"),
  webUrl("http://192.168.1.10:8080/api"),
  // The URL is shown to everyone who may use the integration; credentials belong in write-only secrets.
  v.check(
    (url) => !hasUserInfo(url),
    "Put credentials in the secret fields, not in the URL: everyone who may use the integration can read its URL",
  ),
);

function hasUserInfo(url: string): boolean {
  try {
    const u = new URL(url);
    return Boolean(u.username || u.password);
  } catch {
    return false;
  }
}

/**
 * A secret's text. No line breaks or control characters: secrets travel in HTTP headers, which can't
 * carry them, and the runtime's refusal would quote the value back in an error message.
 */
const secretText = v.pipe(
  v.string(),
  v.maxLength(2000, "At most 2000 characters"),
  v.regex(/^[^\x00-\x1f\x7f]*$/, "Secrets can't contain line breaks or other control characters"),
);

/** Secrets arrive as `secret.<field>` (a new value) and `clear.<field>` (remove it); write-only. */
const secretValue = v.optional(secretText);

export const IntegrationSchema = v.object({
  intent: v.optional(v.literal("save")),
  name: integrationName,
  url: integrationUrl,
  secret: v.optional(v.record(v.string(), secretValue), {}),
  clear: v.optional(v.record(v.string(), v.optional(v.string())), {}),
});

/** The JSON API's bodies: secrets are write-only strings (null clears one). */
export const ApiNewIntegrationSchema = v.strictObject({
  name: integrationName,
  kind: v.string("kind names an integration kind"),
  url: integrationUrl,
  secrets: v.optional(v.record(v.string(), secretText), {}),
});
export const ApiPatchIntegrationSchema = v.strictObject({
  name: v.optional(integrationName),
  url: v.optional(integrationUrl),
  secrets: v.optional(v.record(v.string(), v.nullable(secretText))),
});
