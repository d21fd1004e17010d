import { describe, expect, it } from "vitest";
import { featuresOf } from "./features.ts";
import { calibrationOnLabel, calibrationOnPosting, countTally, labelWeightOf, mergeCalibrationDeltas } from "./learning.ts";

const coffee = { bankAccountId: "checking", description: "SQ *BLUE OAK COFFEE", vendor: "Blue Oak Coffee", amountMinor: -450 };

describe("countTally", () => {
  it("sums what labels add and take back, one delta per feature and account, and drops what cancels out", () => {
    const tally = countTally();
    tally.add(coffee, "meals", "auto", 1);
    tally.add(coffee, "meals", "auto", 1);
    tally.add(coffee, "meals", "auto", -1);
    tally.add(coffee, "food", "person", 1);
    const deltas = tally.deltas();
    const vendor = featuresOf(coffee).vendor;
    expect(deltas.filter((delta) => delta.feature === vendor)).toEqual([
      { feature: vendor, accountId: "meals", auto: 1, person: 0 },
      { feature: vendor, accountId: "food", auto: 0, person: 1 },
    ]);
    const cancelled = countTally();
    cancelled.add(coffee, "meals", "auto", 1);
    cancelled.add(coffee, "meals", "auto", -1);
    expect(cancelled.deltas()).toEqual([]);
  });
});

describe("labelWeightOf", () => {
  it("learns from tiers and pairing as automatic labels, from people as a person's, and nothing from suspense", () => {
    expect(["rule", "learned", "llm", "transfer", "manual", "none", null].map((source) => labelWeightOf(source as never))).toEqual(["auto", "auto", "auto", "auto", "person", undefined, undefined]);
  });
});

describe("calibration outcomes", () => {
  const suggestion = { accountId: "meals", bin: "vendor|9" };

  it("counts a posting as right, and takes that back when a person moves it elsewhere", () => {
    expect(calibrationOnPosting(suggestion)).toEqual({ bin: "vendor|9", suggested: 1, right: 1 });
    expect(calibrationOnLabel("learned", suggestion, "food")).toEqual({ bin: "vendor|9", suggested: 0, right: -1 });
    expect(calibrationOnLabel("learned", suggestion, "meals")).toBeUndefined();
  });

  it("judges a suggestion left for review (or beaten by another tier) when a person decides", () => {
    expect(calibrationOnLabel("none", suggestion, "meals")).toEqual({ bin: "vendor|9", suggested: 1, right: 1 });
    expect(calibrationOnLabel("llm", suggestion, "food")).toEqual({ bin: "vendor|9", suggested: 1, right: 0 });
  });

  it("judges once: a second label, or none from the tier, changes nothing", () => {
    expect(calibrationOnLabel("manual", suggestion, "food")).toBeUndefined();
    expect(calibrationOnLabel("none", undefined, "food")).toBeUndefined();
  });

  it("merges deltas per bin", () => {
    expect(mergeCalibrationDeltas([calibrationOnPosting(suggestion), calibrationOnPosting(suggestion), { bin: "vendor|9", suggested: 0, right: -1 }])).toEqual([{ bin: "vendor|9", suggested: 2, right: 1 }]);
  });
});
