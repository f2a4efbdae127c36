import * as v from "valibot";

/** The Access tab's forms, for any resource's levels (boards: view/modify/full; integrations: use/interact/full). */
export function accessSchemas<L extends string>(levels: readonly [L, ...L[]]) {
  const level = v.picklist(levels, `Choose ${levels.slice(0, -1).join(", ")} or ${levels.at(-1)}`);
  return {
    grantUser: v.object({
      intent: v.literal("grant-user"),
      username: v.pipe(v.string("Type a username"), v.trim(), v.nonEmpty("Type a username"), v.maxLength(64)),
      level,
    }),
    grantGroup: v.object({
      intent: v.literal("grant-group"),
      groupId: v.pipe(v.string("Choose a group"), v.uuid("Choose a group")),
      level,
    }),
    revoke: v.object({ intent: v.picklist(["revoke-user", "revoke-group"]), id: v.pipe(v.string(), v.uuid()) }),
  };
}
