/**
 * A request the app refused before reading its body (413, 415, 429, 401...)
 * still has that body on the wire. Answering and closing the connection at
 * once makes most clients (Node's fetch among them) see a reset while they
 * are still sending, never the answer; leaving the body unread poisons the
 * next request on a kept-alive connection. So the Node host reads what is
 * left of a refused body and throws it away, up to a bound, and keeps the
 * connection: the client finishes sending, reads the refusal, and may go on.
 * Past the bound the body is cancelled and the connection closed. A body
 * the app began to read and left (a limit passed mid-stream) cannot be
 * drained from here: its connection is closed instead. (Workers do all this
 * in the runtime.)
 */
import type { IncomingMessage } from "node:http";

/** The most of one refused body read and thrown away; a client sending more is cut off. */
export const refusedBodyDrainBytesMax = 64 * 1024 * 1024;

async function drain(body: ReadableStream<Uint8Array>, bytesMax: number): Promise<void> {
  const reader = body.getReader();
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
      if (read > bytesMax) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // The client went away: nothing is left to read.
  }
}

type Fetch<Rest extends unknown[]> = (request: Request, ...rest: Rest) => Response | Promise<Response>;

/** node-server hands the app its Node request as the second argument (the app's bindings). */
const incomingOf = (bindings: unknown): IncomingMessage | undefined => (bindings as { incoming?: IncomingMessage } | undefined)?.incoming;

/** Wraps the app's fetch: a refusal whose body is still on the wire has it drained, or, where it cannot be, its connection closed. */
export function drainingRefusedBodies<Rest extends unknown[]>(fetch: Fetch<Rest>, bytesMax = refusedBodyDrainBytesMax): Fetch<Rest> {
  return async (request, ...rest) => {
    const response = await fetch(request, ...rest);
    if (response.status < 400 || (incomingOf(rest[0])?.complete ?? true)) return response;
    const body = request.body as ReadableStream<Uint8Array> | null;
    if (!request.bodyUsed && body !== null && !body.locked) void drain(body, bytesMax);
    else response.headers.set("connection", "close");
    return response;
  };
}
