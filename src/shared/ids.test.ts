import { describe, expect, it } from "vitest";
import { newId, newSortableId } from "./ids.ts";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-([47])[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("newSortableId", () => {
  it("is a version-7 UUID whose first 48 bits are the time in milliseconds", () => {
    const at = Date.UTC(2026, 11, 1, 8, 30);
    const id = newSortableId(at);
    expect(uuid.exec(id)?.[1]).toBe("7");
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it("sorts ids made later after ids made earlier, and never repeats within a millisecond", () => {
    const earlier = Array.from({ length: 1000 }, () => newSortableId(1_700_000_000_000));
    const later = newSortableId(1_700_000_000_001);
    expect(new Set(earlier).size).toBe(earlier.length);
    expect(earlier.every((id) => id < later)).toBe(true);
  });

  it("keeps a random id random: version 4, unsortable by design", () => {
    expect(uuid.exec(newId())?.[1]).toBe("4");
  });
});
