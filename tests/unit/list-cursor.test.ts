import { describe, expect, it } from "vitest";
import { decodeBoardCursor, encodeBoardCursor, InvalidCursorError, isBoardName } from "~/utils/list-cursor";

describe("board list cursors", () => {
  it("round-trips every board name, and a cursor is never itself a board name", () => {
    for (const name of ["a", "home-lab", "x".repeat(64), "0-0-0", "bench-board-9999"]) {
      const cursor = encodeBoardCursor(name);
      expect(decodeBoardCursor(cursor)).toBe(name);
      expect(isBoardName(cursor)).toBe(false);
    }
  });

  it("refuses forged and garbled cursors: not base64url, another prefix, a name boards can't have, spare bits, too long", () => {
    const forged = [
      "",
      "!!!!",
      "home-lab", // a bare name is not a cursor (the API accepts it separately, as before)
      btoa("b2:home-lab").replace(/=+$/, ""),
      btoa("b1:Home Lab").replace(/=+$/, ""),
      btoa("b1:' or 1=1 --").replace(/=+$/, ""),
      btoa("b1:").replace(/=+$/, ""),
      btoa(`b1:${"x".repeat(65)}`).replace(/=+$/, ""),
      `${encodeBoardCursor("home-lab")}=`,
      encodeBoardCursor("ab").slice(0, -1) + "B", // same bytes, other spare bits: not our spelling
      "A".repeat(101),
    ];
    for (const cursor of forged) expect(() => decodeBoardCursor(cursor), JSON.stringify(cursor)).toThrow(InvalidCursorError);
  });

  it("names the parameter in its message", () => {
    expect(() => decodeBoardCursor("!!", "before")).toThrow("?before= is not a cursor this list gave out");
  });
});
