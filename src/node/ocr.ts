/**
 * OCR on the Node host: tesseract.js with the English data shipped in an npm
 * package (@tesseract.js-data/eng), so nothing is fetched at run time. One
 * worker, started on the first photo and kept warm; a photo that crashes it
 * (or outlasts photoReadMsMax) is an error for that photo, and the next one
 * starts a fresh worker.
 *
 * Photos go to the worker one at a time, in the order they came, and at
 * most photosWaitingMax wait (src/node/one-at-a-time.ts); past that the
 * photo is refused unstored (429 too_many_uploads). The worker reads one at
 * a time anyway, but photos queued inside it when it is terminated are never
 * settled: their requests would wait forever (the fuzzer found it, with
 * three broken photos sent at once).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createWorker, OEM, type Worker } from "tesseract.js";
import type { Ocr } from "../documents/read.ts";
import { PhotoReaderBusy } from "../shared/errors.ts";
import { OneAtATime } from "./one-at-a-time.ts";

const require = createRequire(import.meta.url);

/** Where the English model lives: a plain path (a file:// URL or none at all makes tesseract.js reach for a CDN and hang offline). */
function languagePath(): string {
  const path = join(dirname(require.resolve("@tesseract.js-data/eng/package.json")), "4.0.0_best_int");
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- a path inside our own dependencies
  if (!existsSync(join(path, "eng.traineddata.gz"))) throw new Error(`the OCR language data is missing at ${path}; run npm install`);
  return path;
}

/** A photo that takes longer is given up on, and its worker with it: OCR of a 50-megapixel photo takes about 10 s here. */
export const photoReadMsMax = 60_000;

/** `work`, or a rejection once `ms` have passed. */
async function within<Result>(work: Promise<Result>, ms: number): Promise<Result> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`OCR took longer than ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Photos queued or being read at most: about a minute and a half of OCR at 10 s a large photo. */
export const photosWaitingMax = 8;
const retryAfterSeconds = 30;

const busy = (why: "full" | "closed"): PhotoReaderBusy =>
  new PhotoReaderBusy(why === "full" ? `This host is reading as many photos as it holds waiting (${photosWaitingMax}); send the photo again in a moment` : "This host is shutting down; send the photo again once it is back", { retryAfterSeconds });

export interface NodeOcr {
  read: Ocr;
  close(): Promise<void>;
}

export function nodeOcr(): NodeOcr {
  let worker: Promise<Worker> | undefined;
  // What the worker's error handler saw during the current photo.
  const seen: { failure: Error | undefined } = { failure: undefined };
  const failedDuring = (): Error | undefined => seen.failure;
  const start = (): Promise<Worker> =>
    createWorker("eng", OEM.LSTM_ONLY, {
      langPath: languagePath(),
      gzip: true,
      // Otherwise a 5 MB eng.traineddata is written into the working directory.
      cacheMethod: "none",
      // Without it, a bad image kills the process even inside try/catch.
      errorHandler: (error: unknown) => {
        seen.failure = error instanceof Error ? error : new Error(String(error));
      },
    });
  const readOne = async (bytes: Uint8Array): Promise<string> => {
    worker ??= start();
    seen.failure = undefined;
    try {
      const { data } = await within((await worker).recognize(bytes), photoReadMsMax);
      const failure = failedDuring();
      if (failure !== undefined) throw failure;
      return data.text;
    } catch (error) {
      const broken = worker;
      worker = undefined;
      await (await broken).terminate().catch(() => undefined);
      throw error instanceof Error ? error : new Error(String(error));
    }
  };
  const queue = new OneAtATime(photosWaitingMax);
  return {
    read: (bytes) => queue.run(() => readOne(bytes), busy),
    async close() {
      // What waits is refused; the photo being read finishes first, so no worker is started after this.
      await queue.close();
      if (worker === undefined) return;
      const running = worker;
      worker = undefined;
      await (await running).terminate().catch(() => undefined);
    },
  };
}
