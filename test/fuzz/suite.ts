/** The fuzz run as a test, the same on both hosts: a bounded run, and every fault listed with its request. */
import { expect, it } from "vitest";
import { describeSummary } from "./report.ts";
import { runFuzz } from "./runner.ts";
import { runsFromEnv, seedFromEnv } from "./settings.ts";
import type { FuzzTarget } from "./tenants.ts";

/** Enough to touch every operation of the document many times over, within ~10 s a host on a busy two-core machine. */
const defaultRuns = 1000;
/** Any seed would do; a fixed one makes the suite replayable (FUZZ_SEED=random explores). */
const suiteSeed = 1_200_021;

export function itSurvivesTheFuzzer(target: () => FuzzTarget): void {
  const runs = runsFromEnv(defaultRuns);
  const seed = seedFromEnv(suiteSeed);
  it(`answers ${runs} generated requests within the contract, and the books still balance (seed ${seed}; FUZZ_SEED=${seed} replays it)`, async () => {
    const summary = await runFuzz(target(), { runs, seed });
    expect(summary.tried).toBeGreaterThanOrEqual(runs);
    // The message is the whole summary: status counts, and each distinct fault with the request that caused it.
    expect(summary.faults, describeSummary(summary)).toEqual([]);
  });
}
