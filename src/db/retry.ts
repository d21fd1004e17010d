/**
 * The one way a write that lost a race is tried again. Optimistic writes
 * (the next entry numbers, the unique fingerprints of an import, the seeded
 * ledger account a bank account takes over) are checked by the database when
 * the batch runs; the loser reads again and rebuilds. Bounded, with a short
 * random pause so that writers that collided do not collide again in step.
 */
import { Conflict } from "../shared/errors.ts";
import { ConstraintViolation } from "./errors.ts";

export interface RetryOptions {
  /** Tries in all, the first included. */
  attemptsMax?: number;
  /** Which refusals to try again; by default every race (unique indexes, entry numbers). */
  retryable?: (violation: ConstraintViolation) => boolean;
  /** The longest pause between tries; each pause is random, up to a bound that doubles from 10 ms. */
  pauseMsMax?: number;
}

/**
 * Enough for a few dozen writers racing for one company's entry numbers
 * (each try loses at most once to each other writer that commits first).
 */
export const retryAttemptsMaxDefault = 12;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function retryOnConflict<Result>(work: (attempt: number) => Promise<Result>, options: RetryOptions = {}): Promise<Result> {
  const attemptsMax = options.attemptsMax ?? retryAttemptsMaxDefault;
  const retryable = options.retryable ?? ((violation: ConstraintViolation) => violation.lostRace);
  const pauseMsMax = options.pauseMsMax ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (!(error instanceof ConstraintViolation) || !retryable(error)) throw error;
      if (attempt >= attemptsMax) {
        throw new Conflict(`Other writes to these books kept winning the race (${attemptsMax} tries); nothing was written, so send the request again`, undefined, { cause: error });
      }
      // Full jitter: writers that collided spread out instead of colliding again in step.
      await pause(Math.random() * Math.min(pauseMsMax, 5 * 2 ** attempt));
    }
  }
}
