/**
 * A body read before the route runs (to hold it to a size limit) can fail
 * because the client broke it off: a connection reset mid-upload, a chunked
 * body with a chunk size that is not hex. That is the client's doing, not
 * an internal fault, and nothing of the body is kept; it must answer 400 in
 * the envelope, not log an internal error.
 */
import type { Context, MiddlewareHandler, Next } from "hono";
import { AppError, asAppError } from "./errors.ts";

/** Runs `reading` (a middleware that reads the whole body, then calls next); a failure before the route runs becomes `cutShort`. */
export async function readingBody<Env extends object>(reading: MiddlewareHandler<Env>, c: Context<Env, string>, next: Next, cutShort: () => AppError): ReturnType<MiddlewareHandler<Env>> {
  // An object, not a let: the flag is set inside the callback, which the compiler cannot see run.
  const body = { routed: false };
  try {
    return await reading(c, () => {
      body.routed = true;
      return next();
    });
  } catch (error) {
    if (body.routed || asAppError(error) !== undefined) throw error;
    throw cutShort();
  }
}
