import * as v from "valibot";
import { checkbox } from "./fields";
import { webUrl } from "./web-url";

/** Names that would shadow a page under /boards. */
export const RESERVED_BOARD_NAMES = ["new"];

export const boardName = v.pipe(
  v.string("Name the board"),
  v.trim(),
  v.toLowerCase(),
  v.nonEmpty("Name the board"),
  v.maxLength(64, "Board names have at most 64 characters"),
  v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use letters, digits and single dashes between them, like home-lab"),
  v.check((name) => !RESERVED_BOARD_NAMES.includes(name), "That name is reserved: choose another"),
);

export const boardTitle = v.pipe(
  v.string("Give the board a title"),
  v.trim(),
  v.nonEmpty("Give the board a title"),
  v.maxLength(100, "Titles have at most 100 characters"),
);

export const NewBoardSchema = v.object({ name: boardName, title: boardTitle, isPublic: checkbox });

export const BoardGeneralSchema = v.object({
  intent: v.literal("general"),
  name: boardName,
  title: boardTitle,
  isPublic: checkbox,
});

const httpUrl = (label: string) =>
  v.pipe(
    v.string(`Enter the ${label}`),
    v.trim(),
    v.nonEmpty(`Enter the ${label}`),
    v.maxLength(2048, "URLs have at most 2048 characters"),
    webUrl("https://example.com"),
  );

const itemTitle = v.pipe(
  v.string("Give the app a title"),
  v.trim(),
  v.nonEmpty("Give the app a title"),
  v.maxLength(100, "Titles have at most 100 characters"),
);

export const AppItemFields = {
  title: itemTitle,
  url: httpUrl("app's URL"),
  iconUrl: v.optional(httpUrl("icon's URL")),
  newTab: checkbox,
};

export const NoteItemFields = {
  body: v.pipe(v.string("Write the note"), v.trim(), v.nonEmpty("Write the note"), v.maxLength(2000, "Notes have at most 2000 characters")),
};

export const AddAppSchema = v.object({ intent: v.literal("add-app"), ...AppItemFields });
export const AddNoteSchema = v.object({ intent: v.literal("add-note"), ...NoteItemFields });
export const EditAppSchema = v.object({ intent: v.literal("edit-app"), itemId: v.pipe(v.string(), v.uuid()), ...AppItemFields });
export const EditNoteSchema = v.object({ intent: v.literal("edit-note"), itemId: v.pipe(v.string(), v.uuid()), ...NoteItemFields });
export const AddWidgetSchema = v.object({
  intent: v.literal("add-widget"),
  integrationId: v.pipe(v.string("Choose an integration"), v.uuid("Choose an integration")),
  title: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, "Titles have at most 100 characters"))),
  field: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, "At most 200 characters"))),
});
export const EditWidgetSchema = v.object({
  ...AddWidgetSchema.entries,
  intent: v.literal("edit-widget"),
  itemId: v.pipe(v.string(), v.uuid()),
});

/** Usernames as a person types them: separated by commas, spaces or lines. */
export const usernameList = (text: string | undefined) => [...new Set((text ?? "").split(/[\s,]+/).filter(Boolean))];

/** "Who sees it" on an item: everyone who sees the board, or only the people and groups chosen. */
export const ItemVisibilitySchema = v.pipe(
  v.object({
    intent: v.literal("set-visibility"),
    itemId: v.pipe(v.string("Unknown item"), v.uuid("Unknown item")),
    audience: v.picklist(["everyone", "some"], "Choose who sees it"),
    // No defaults here: Conform sends an empty field as nothing, and its coercion wants plain optionals.
    groups: v.optional(v.array(v.pipe(v.string(), v.uuid("Unknown group")))),
    users: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000, "At most 2000 characters"))),
  }),
  v.forward(
    v.check(
      (f) => f.audience === "everyone" || (f.groups ?? []).length > 0 || usernameList(f.users).length > 0,
      "Choose at least one group or name at least one person, or choose everyone",
    ),
    ["users"],
  ),
  v.forward(
    v.check((f) => usernameList(f.users).length <= 100, "At most 100 people per item"),
    ["users"],
  ),
);

export const ItemRefSchema = v.object({
  intent: v.picklist(["move-up", "move-down", "remove", "recheck"]),
  itemId: v.pipe(v.string("Unknown item"), v.uuid("Unknown item")),
});

/** The JSON API's bodies: the same fields, as JSON. */
export const ApiNewBoardSchema = v.strictObject({
  name: boardName,
  title: boardTitle,
  isPublic: v.optional(v.boolean("isPublic is true or false"), false),
});
const widgetTitle = v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(100, "Titles have at most 100 characters"))));
const widgetOptions = v.optional(v.record(v.pipe(v.string(), v.maxLength(40)), v.pipe(v.string(), v.maxLength(200))), {});

/** Who sees an item: usernames and group ids (absent or null: everyone who sees the board). */
const visibleTo = v.optional(
  v.nullable(
    v.strictObject(
      {
        users: v.optional(
          v.pipe(
            v.array(v.pipe(v.string("users are usernames"), v.trim(), v.nonEmpty(), v.maxLength(200))),
            v.maxLength(100, "At most 100 users per item"),
          ),
          [],
        ),
        groups: v.optional(
          v.pipe(v.array(v.pipe(v.string(), v.uuid("groups are group ids"))), v.maxLength(100, "At most 100 groups per item")),
          [],
        ),
      },
      "visibleTo is null or { users, groups }",
    ),
  ),
);

/** The id GET gave an item: sent back, the item keeps its audience unless `visibleTo` says otherwise. */
const itemId = v.optional(v.pipe(v.string(), v.uuid("id is an item's id from GET")));

export const ApiItemSchema = v.variant("kind", [
  v.strictObject({
    id: itemId,
    kind: v.literal("integration"),
    integrationId: v.pipe(v.string(), v.uuid("integrationId is a UUID")),
    title: widgetTitle,
    options: widgetOptions,
    visibleTo,
  }),
  v.strictObject({
    id: itemId,
    kind: v.literal("app"),
    title: itemTitle,
    url: httpUrl("app's URL"),
    iconUrl: v.optional(v.nullable(httpUrl("icon's URL"))),
    newTab: v.optional(v.boolean(), false),
    visibleTo,
  }),
  v.strictObject({ id: itemId, kind: v.literal("note"), ...NoteItemFields, visibleTo }),
]);
export const ApiPatchBoardSchema = v.strictObject({
  name: v.optional(boardName),
  title: v.optional(boardTitle),
  isPublic: v.optional(v.boolean("isPublic is true or false")),
  items: v.optional(v.pipe(v.array(ApiItemSchema), v.maxLength(200, "A board has at most 200 items"))),
});

export type ItemInput = v.InferOutput<typeof ApiItemSchema>;
