// JSON bodies in and errors out, for the API routes. Who may call them is the route table's business.
import * as v from "valibot";
import { isWellFormedDeep } from "~/utils/unicode";
import { BodyTooLargeError, describeBytes, readLimitedText } from "~/server/read-limited.server";

/** JSON answers for the API; pages get redirects and text. */
export const jsonError = (status: number, error: string, headers: HeadersInit = {}) => Response.json({ error }, { status, headers });

const MAX_JSON_BYTES = 256 * 1024;

/** The request's JSON body checked against `schema`; a 400 with every problem otherwise. */
export async function readJson<S extends v.GenericSchema>(request: Request, schema: S): Promise<v.InferOutput<S>> {
  if (!(request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("application/json")) {
    throw jsonError(415, "Send JSON with Content-Type: application/json.");
  }
  let text: string;
  try {
    text = await readLimitedText(request, MAX_JSON_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw jsonError(413, `The body is too large: at most ${describeBytes(MAX_JSON_BYTES)}.`);
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw jsonError(400, "The body is not valid JSON.");
  }
  // Every body is an object of named fields; valibot's object schema would take [] for {}.
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw jsonError(400, "The body must be a JSON object.");
  // "\ud800" is valid JSON but not text: nothing could store it (nor the audit row saying it changed).
  if (!isWellFormedDeep(body))
    throw jsonError(400, "The body holds text that isn't valid Unicode (an unpaired surrogate such as \\ud800).");
  const result = v.safeParse(schema, body);
  if (!result.success) {
    const issues = result.issues.map((i) => ({ path: v.getDotPath(i) ?? "", message: i.message }));
    throw Response.json({ error: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "), issues }, { status: 400 });
  }
  return result.output;
}
