import { describe, expect, it } from "vitest";
import { closePermissions, impliedBy, PERMISSION_KEYS } from "~/permissions/definitions";

describe("permission hierarchy", () => {
  it("admin implies every other key", () => {
    expect([...closePermissions(["admin"])].sort()).toEqual([...PERMISSION_KEYS].sort());
  });
  it("board-full-all implies modify, view and create, nothing of integrations", () => {
    expect([...closePermissions(["board-full-all"])].sort()).toEqual([
      "board-create",
      "board-full-all",
      "board-modify-all",
      "board-view-all",
    ]);
  });
  it("integration-full-all implies interact, use and create", () => {
    expect([...closePermissions(["integration-full-all"])].sort()).toEqual([
      "integration-create",
      "integration-full-all",
      "integration-interact-all",
      "integration-use-all",
    ]);
  });
  it("board-modify-all implies view but not create", () => {
    const keys = closePermissions(["board-modify-all"]);
    expect(keys.has("board-view-all")).toBe(true);
    expect(keys.has("board-create")).toBe(false);
  });
  it("drops unknown keys instead of granting anything", () => {
    expect([...closePermissions(["root", "admin; drop table users"])]).toEqual([]);
  });
  it("names the keys that imply a key", () => {
    expect(impliedBy("board-view-all").sort()).toEqual(["admin", "board-full-all", "board-modify-all"]);
  });
});
