// The provisioning file's shape (issue #23 part 4, ADR 044), checked with the same rules as the forms:
// a group name the Groups page would refuse is refused here too. Strict: a misspelt key is an error with
// its line, never silently ignored.
import * as v from "valibot";
import { usernameField } from "~/auth/forms";
import { DIRECTORY_PROVIDERS } from "~/auth/directory-provider";
import { AppItemFields, boardName, boardTitle, NoteItemFields } from "~/forms/boards";
import { directoryGroupName, groupName } from "~/forms/groups";
import { integrationName, integrationUrl } from "~/forms/integrations";
import { BOARD_LEVELS } from "~/permissions/boards";
import { INTEGRATION_LEVELS } from "~/permissions/integrations";
import { PERMISSION_KEYS } from "~/permissions/definitions";

/**
 * What a problem may quote of the file: a name-like word, never a long or odd text (attack47: a file that
 * was something else, quoted back as an unknown key, printed a whole environment).
 */
export const quotable = (value: unknown) => (typeof value === "string" && /^[\p{L}\p{N} _.@-]{1,40}$/u.test(value) ? value : "…");

/** The key a strict object didn't expect (valibot puts it in the issue's path), as a problem may say it. */
const unknownKey = (issue: v.StrictObjectIssue) => quotable(issue.path?.at(-1)?.key);

const permissions = v.optional(
  v.array(v.picklist(PERMISSION_KEYS, (issue) => `Unknown permission "${quotable(issue.input)}": one of ${PERMISSION_KEYS.join(", ")}`)),
  [],
);
/** Left out: kept as it is (a description is words, not access); null or "": none. */
const text = (max: number) =>
  v.optional(v.nullable(v.pipe(v.string("Write text here"), v.trim(), v.maxLength(max, `At most ${max} characters`))));
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

/** Who may use it: group and person names, each with a level (the same rows as the Access tab's). */
const accessOf = <L extends string>(levels: readonly [L, ...L[]], where: string) =>
  v.optional(
    v.strictObject(
      {
        groups: v.optional(v.record(groupName, v.picklist(levels, `A level is one of ${levels.join(", ")}`)), {}),
        users: v.optional(v.record(usernameField, v.picklist(levels, `A level is one of ${levels.join(", ")}`)), {}),
      },
      (issue) => `Unknown key "${unknownKey(issue)}" in ${where}'s access: groups, users`,
    ),
    {},
  );

const IntegrationSpec = v.strictObject(
  {
    name: integrationName,
    kind: v.pipe(v.string("Name the integration's kind"), v.trim(), v.nonEmpty("Name the integration's kind")),
    url: integrationUrl,
    // Never a secret itself: where to read it when the file is applied (a file's path, a variable's name).
    secrets: v.optional(
      v.record(
        v.pipe(
          v.string(),
          v.regex(
            /^[A-Za-z][A-Za-z0-9]*(File|Env)$/,
            "secrets take <field>File (a file's path) or <field>Env (a variable's name), never the secret itself",
          ),
        ),
        v.pipe(v.string("Write a path or a variable's name"), v.trim(), v.nonEmpty("Write a path or a variable's name"), v.maxLength(1024)),
      ),
      {},
    ),
    access: accessOf(INTEGRATION_LEVELS, "an integration"),
  },
  (issue) => `Unknown key "${unknownKey(issue)}" in an integration: name, kind, url, secrets, access`,
);

const widgetTitle = v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(100, "Titles have at most 100 characters"))), null);
const ItemSpec = v.variant(
  "kind",
  [
    v.strictObject(
      {
        kind: v.literal("app"),
        title: AppItemFields.title,
        url: AppItemFields.url,
        iconUrl: v.optional(v.nullable(AppItemFields.url), null),
        newTab: v.optional(v.boolean("Write true or false"), false),
      },
      (issue) => `Unknown key "${unknownKey(issue)}" in an app tile: kind, title, url, iconUrl, newTab`,
    ),
    v.strictObject(
      { kind: v.literal("note"), body: NoteItemFields.body },
      (issue) => `Unknown key "${unknownKey(issue)}" in a note: kind, body`,
    ),
    v.strictObject(
      {
        kind: v.literal("widget"),
        integration: integrationName,
        title: widgetTitle,
        options: v.optional(v.record(v.pipe(v.string(), v.maxLength(40)), v.pipe(v.string("Options are text"), v.maxLength(200))), {}),
      },
      (issue) => `Unknown key "${unknownKey(issue)}" in a widget: kind, integration, title, options`,
    ),
  ],
  'kind is "app", "note" or "widget"',
);

const BoardSpec = v.strictObject(
  {
    name: boardName,
    title: boardTitle,
    public: v.optional(v.boolean("Write true or false"), false),
    items: v.optional(v.pipe(v.array(ItemSpec, "items is a list"), v.maxLength(200, "A board has at most 200 items")), []),
    access: accessOf(BOARD_LEVELS, "a board"),
  },
  (issue) => `Unknown key "${unknownKey(issue)}" in a board: name, title, public, items, access`,
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
    integrations: v.optional(
      v.pipe(v.array(IntegrationSpec, "integrations is a list"), v.maxLength(1000, "At most 1000 integrations")),
      [],
    ),
    boards: v.optional(v.pipe(v.array(BoardSpec, "boards is a list"), v.maxLength(1000, "At most 1000 boards")), []),
  },
  (issue) => `Unknown key "${unknownKey(issue)}": the file holds settings, groups, serviceAccounts, integrations and boards`,
);

export type Provision = v.InferOutput<typeof ProvisionSpec>;
export type ProvisionSettings = Provision["settings"];
