// A protected app as an administrator writes it: an origin and, optionally, a path prefix.
import * as v from "valibot";
import { normalizePrefix, parseOrigin } from "~/permissions/app-address";

const origin = v.pipe(
  v.string("Give the app's address, like https://sonarr.home.example"),
  v.trim(),
  v.nonEmpty("Give the app's address, like https://sonarr.home.example"),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const parsed = parseOrigin(dataset.value);
    if ("error" in parsed) {
      addIssue({ message: parsed.error });
      return NEVER;
    }
    return parsed.origin;
  }),
);

const pathPrefix = v.pipe(
  v.string("A path prefix is text, like /admin"),
  v.trim(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const prefix = dataset.value === "" ? "/" : normalizePrefix(dataset.value);
    if (prefix === null) {
      addIssue({ message: "Start the path prefix with / and leave out ? and # (at most 300 characters), like /admin" });
      return NEVER;
    }
    return prefix;
  }),
);

export const ProtectedAppSchema = v.object({ origin, pathPrefix: v.optional(pathPrefix, "/") });
export const ProtectedAppPatchSchema = v.object({ origin: v.optional(origin), pathPrefix: v.optional(pathPrefix) });
export type ProtectedAppInput = v.InferOutput<typeof ProtectedAppSchema>;
