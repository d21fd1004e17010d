/**
 * Files sent over HTTP, one way for every route that takes them (bank
 * statements, documents): the raw file as the body (named by `?filename=` or
 * Content-Disposition), or several as multipart/form-data; a size limit
 * enforced while the body streams in, before it is buffered.
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./env.ts";
import { readingBody } from "./body-read.ts";
import { AppError, asAppError } from "./errors.ts";

export interface Upload {
  filename: string | null;
  /** As the request declared it: the raw body's Content-Type, or the multipart part's. */
  mediaType: string;
  bytes: Uint8Array;
}

export interface UploadRules {
  /** What one file is, in the messages: "bank file", "document". */
  what: string;
  /** At most this many files in one multipart request. */
  filesMax: number;
  /** One file's limit. */
  bytesMax: (c: Context<AppEnv>) => number;
  /** A multipart request's limit, in files' worth (default filesMax): what a host may hold in memory at once. */
  requestFilesWorth?: number;
}

/** A body cut short (the client went away mid-upload) is the client's doing, not an internal fault: nothing of it is kept. */
const bodyCutShort = (rules: UploadRules): AppError => new AppError("bad_request", `The body ended before the ${rules.what} was whole; nothing of it was kept`);

/** A raw upload is one file of at most `bytesMax`; a multipart one, up to `filesMax` of them. Refused with 413 as soon as the body passes it. */
export function limitUploads(rules: UploadRules): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const multipart = (c.req.header("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
    const max = rules.bytesMax(c);
    const worth = rules.requestFilesWorth ?? rules.filesMax;
    const maxSize = multipart ? max * worth + 64 * 1024 : max;
    // What this body may take of the host's memory: what it declares, or, sent in chunks, all it may be.
    const declared = Number(c.req.header("content-length") ?? Number.NaN);
    const release = c.var.uploads.take(Number.isSafeInteger(declared) && declared >= 0 ? Math.min(declared, maxSize) : maxSize);
    if (release === undefined) {
      c.header("retry-after", "1");
      throw new AppError("too_many_uploads", `This host is holding as many uploads as it may at once (${c.var.uploads.bytesMax} bytes); send the ${rules.what} again in a moment`);
    }
    // A body sent in chunks is read here, before the route: a failure before the route runs is the body's.
    const limit = bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError("payload_too_large", `A ${rules.what} may be at most ${max} bytes${multipart ? `, and a request at most ${max * worth} bytes of ${rules.filesMax} files or fewer` : ""}`);
      },
    });
    try {
      return await readingBody(limit, c, next, () => bodyCutShort(rules));
    } finally {
      release();
    }
  };
}

/** A filename is for people to read: control characters go, and so does anything past 255 characters. */
export function cleanFilename(name: string | undefined): string | null {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = (name ?? "").replace(/[\u0000-\u001f\u007f-\u009f]/g, "").trim().slice(0, 255);
  return clean === "" ? null : clean;
}

function filenameOf(c: Context<AppEnv>): string | null {
  const fromQuery = c.req.query("filename");
  if (fromQuery) return cleanFilename(fromQuery);
  const disposition = c.req.header("content-disposition") ?? "";
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  if (!match?.[1]) return null;
  try {
    return cleanFilename(decodeURIComponent(match[1]));
  } catch {
    // "100%.csv" is a fine name, not a broken escape.
    return cleanFilename(match[1]);
  }
}

const bareType = (type: string): string => type.split(";")[0]?.trim().toLowerCase() ?? "";

/** The files of a request: its multipart parts, or its raw body. Media types are checked by the caller, which knows what it takes. */
export async function readUploads(c: Context<AppEnv>, rules: UploadRules): Promise<{ files: Upload[]; multipart: boolean }> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody({ all: true });
    } catch {
      throw new AppError("bad_request", "The multipart body could not be read");
    }
    const files: Upload[] = [];
    const max = rules.bytesMax(c);
    for (const value of Object.values(form).flat()) {
      if (!(value instanceof File)) continue;
      if (value.size > max) throw new AppError("payload_too_large", `A ${rules.what} may be at most ${max} bytes; ${JSON.stringify(cleanFilename(value.name) ?? "a file")} is ${value.size}`);
      files.push({ filename: cleanFilename(value.name), mediaType: bareType(value.type), bytes: new Uint8Array(await value.arrayBuffer()) });
    }
    if (files.length === 0) throw new AppError("validation_failed", `The multipart body holds no file; send each ${rules.what} as a file field`, { field: "file" });
    if (files.length > rules.filesMax) throw new AppError("payload_too_large", `At most ${rules.filesMax} files per request, not ${files.length}`);
    return { files, multipart: true };
  }
  if (c.req.header("content-encoding")) throw new AppError("unsupported_media_type", "Send the file uncompressed");
  let bytes: ArrayBuffer;
  try {
    bytes = await c.req.arrayBuffer();
  } catch (error) {
    if (asAppError(error) !== undefined) throw error;
    throw bodyCutShort(rules);
  }
  return { files: [{ filename: filenameOf(c), mediaType: bareType(type), bytes: new Uint8Array(bytes) }], multipart: false };
}

/** What became of one file of an upload: its outcome, or why it was refused. */
export type FileResult<Outcome> = { ok: true; outcome: Outcome } | { ok: false; filename: string | null; error: AppError };

/**
 * Handles each file of an upload in turn. In a multipart request one file's
 * refusal is its own result and the others go on; a raw upload's refusal is
 * the request's answer. Anything that is not a refusal (a bug, the database
 * gone) ends the request either way.
 */
export async function eachFile<File extends { filename: string | null }, Outcome>(files: readonly File[], multipart: boolean, handle: (file: File, index: number) => Promise<Outcome>): Promise<FileResult<Outcome>[]> {
  const results: FileResult<Outcome>[] = [];
  for (const [index, file] of files.entries()) {
    try {
      results.push({ ok: true, outcome: await handle(file, index) });
    } catch (error) {
      const refusal = asAppError(error);
      if (refusal === undefined || !multipart) throw error;
      results.push({ ok: false, filename: file.filename, error: refusal });
    }
  }
  return results;
}

/** A refused file, as the answer lists it beside the others. */
export const failedFile = (result: { filename: string | null; error: AppError }) => ({
  filename: result.filename,
  status: "failed" as const,
  error: { code: result.error.code, message: result.error.message, ...(result.error.details === undefined ? {} : { details: result.error.details }) },
});

/** When no file of the request could be taken: the first refusal's code, with every file's result. */
export function noFileTaken<Outcome>(results: readonly FileResult<Outcome>[], what: string, listed: Record<string, unknown>): AppError {
  const first = results[0];
  return new AppError(first !== undefined && !first.ok ? first.error.code : "validation_failed", `No file could be ${what}`, listed);
}
