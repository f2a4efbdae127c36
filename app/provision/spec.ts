// The provisioning file's shape (issue #23 part 4, ADR 044), checked with the same rules as the forms:
// a group name the Groups page would refuse is refused here too. Strict: a misspelt key is an error with
// its line, never silently ignored.
import * as v from "valibot";
import { usernameField } from "~/auth/forms";
import { DIRECTORY_PROVIDERS } from "~/auth/directory-provider";
import { directoryGroupName, groupName } from "~/forms/groups";
import { PERMISSION_KEYS } from "~/permissions/definitions";

/** The key a strict object didn't expect (valibot puts it in the issue's path). */
const unknownKey = (issue: v.StrictObjectIssue) => String(issue.path?.at(-1)?.key ?? issue.received);

const permissions = v.optional(
  v.array(
    v.picklist(PERMISSION_KEYS, (issue) => `Unknown permission ${JSON.stringify(issue.input)}: one of ${PERMISSION_KEYS.join(", ")}`),
  ),
  [],
);
const text = (max: number) =>
  v.optional(v.nullable(v.pipe(v.string("Write text here"), v.trim(), v.maxLength(max, `At most ${max} characters`))), null);
const yesNo = (fallback: boolean) => v.optional(v.boolean("Write true or false"), fallback);

const GroupSpec = v.strictObject(
  {
    name: groupName,
    description: text(500),
    permissions,
    requireTwoFactor: yesNo(false),
    requirePasskey: yesNo(false),
    directoryGroups: v.optional(
      v.array(
        v.strictObject({
          provider: v.picklist(DIRECTORY_PROVIDERS, `provider is one of ${DIRECTORY_PROVIDERS.join(", ")}`),
          group: directoryGroupName,
        }),
      ),
      [],
    ),
  },
  (issue) =>
    `Unknown key "${unknownKey(issue)}" in a group: name, description, permissions, requireTwoFactor, requirePasskey, directoryGroups`,
);

const ServiceAccountSpec = v.strictObject(
  {
    name: usernameField,
    description: text(100),
    groups: v.optional(v.array(groupName), []),
    permissions,
  },
  (issue) => `Unknown key "${unknownKey(issue)}" in a service account: name, description, groups, permissions`,
);

const SettingsSpec = v.strictObject(
  {
    guestAccess: v.optional(v.boolean("Write true or false")),
    defaultBoard: v.optional(v.nullable(v.pipe(v.string("Name a board"), v.trim(), v.nonEmpty("Name a board")))),
    unknownAppsAllowed: v.optional(v.boolean("Write true or false")),
  },
  (issue) => `Unknown key "${unknownKey(issue)}" in settings: guestAccess, defaultBoard, unknownAppsAllowed`,
);

export const ProvisionSpec = v.strictObject(
  {
    settings: v.optional(SettingsSpec, {}),
    // Bounded: applying holds the lock that admin changes wait for.
    groups: v.optional(v.pipe(v.array(GroupSpec, "groups is a list"), v.maxLength(1000, "At most 1000 groups")), []),
    serviceAccounts: v.optional(
      v.pipe(v.array(ServiceAccountSpec, "serviceAccounts is a list"), v.maxLength(1000, "At most 1000 service accounts")),
      [],
    ),
  },
  (issue) =>
    ["boards", "integrations"].includes(unknownKey(issue))
      ? `${unknownKey(issue)} can't be provisioned by this version of Porch yet (groups, serviceAccounts and settings can)`
      : `Unknown key "${unknownKey(issue)}": the file holds settings, groups and serviceAccounts`,
);

export type Provision = v.InferOutput<typeof ProvisionSpec>;
export type ProvisionSettings = Provision["settings"];
