/**
 * A tier the tests inject through the host, as a real learned or LLM tier
 * would plug in: it answers by words in the description, so a test can say
 * exactly what it decides, what it only suggests, and when it fails.
 */
import type { Suggestion, Tier } from "../../src/categorize/pipeline.ts";

export const stubEvidence = { model: "stub", modelVersion: "1" } as const;

/** A sure answer (posted at the default threshold), an unsure one (a suggestion), or a failure of the whole batch. */
export const stubWords = { sure: "STUB SURE", unsure: "STUB UNSURE", fail: "STUB FAIL" } as const;

export const stubTier: Tier = {
  name: "stub",
  source: "learned",
  batchItemsMax: 50,
  deadlineMs: 2_000,
  decide({ items }) {
    if (items.some((item) => item.description.includes(stubWords.fail))) return Promise.reject(new Error("the stub model is down"));
    const answer = (accountCode: string, confidence: number): Suggestion => ({
      accountCode,
      source: "learned",
      confidence,
      reason: `the stub tier read the description and chose ${accountCode}`,
      evidence: stubEvidence,
    });
    return Promise.resolve(
      items.map((item) => {
        if (item.description.includes(stubWords.sure)) return answer("6300", 0.93);
        if (item.description.includes(stubWords.unsure)) return answer("6600", 0.55);
        return undefined;
      }),
    );
  },
};
