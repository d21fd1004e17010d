/** How many requests a run sends and from which seed: the suite's bounded default, FUZZ_RUNS and FUZZ_SEED to scale. */
import process from "node:process";

export function runsFromEnv(fallback: number): number {
  const runs = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(runs) && runs > 0 ? runs : fallback;
}

const randomSeed = (): number => Math.floor(Math.random() * 2 ** 31);

/**
 * FUZZ_SEED if it is a number; a fresh seed if it is "random"; otherwise the
 * fallback: `npm test` replays the same requests each run, so that a red run
 * is the code's doing and can be replayed, while `npm run fuzz` (and
 * FUZZ_SEED=random) keeps exploring. Either way the seed is printed.
 */
export function seedFromEnv(fallback: number | "random"): number {
  const setting = process.env.FUZZ_SEED;
  if (setting === "random") return randomSeed();
  const seed = Number(setting);
  if (setting !== undefined && setting !== "" && Number.isInteger(seed)) return seed;
  return fallback === "random" ? randomSeed() : fallback;
}
