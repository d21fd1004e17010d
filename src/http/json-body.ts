import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { readingBody } from "./body-read.ts";
import { AppError } from "./errors.ts";

/** JSON request bodies of this API are small; anything larger is a mistake or abuse. */
export const jsonBodyBytesMax = 1024 * 1024;

/**
 * Exactly the test @hono/zod-openapi applies after this middleware, so the
 * two never disagree and every refusal carries this module's message.
 */
// Linear despite the nested group: each repetition starts at a ";" that [^;] cannot consume.
// eslint-disable-next-line security/detect-unsafe-regex -- see above
const jsonContentType = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;
const charsetParameter = /;\s*charset=([^;]+)/i;

/** Why this Content-Type cannot carry a JSON body, or undefined when it can. */
function refuseContentType(contentType: string): string | undefined {
  if (!jsonContentType.test(contentType)) return `Send the body as application/json, not ${contentType}`;
  const charset = charsetParameter.exec(contentType)?.[1]?.trim().replace(/^"|"$/g, "").toLowerCase();
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    return `JSON bodies must be UTF-8, not ${charset}`;
  }
  return undefined;
}

function hasBody(headers: Headers): boolean {
  const length = headers.get("content-length");
  if (length !== null) return Number(length) > 0;
  return headers.has("transfer-encoding");
}

/**
 * Refuses oversized bodies before reading them (by Content-Length, or while
 * streaming when there is none), wrong media types with 415, and unparseable
 * JSON with 400. The parsed body stays cached for the route's validator.
 */
const jsonBodyLimit = bodyLimit({
  maxSize: jsonBodyBytesMax,
  onError: () => {
    throw new AppError("payload_too_large", `The request body is larger than ${jsonBodyBytesMax} bytes`, {
      limitBytes: jsonBodyBytesMax,
    });
  },
});

const parseJsonBody: MiddlewareHandler = async (c, next) => {
  const contentType = c.req.header("content-type");
  if (contentType === undefined) {
    if (hasBody(c.req.raw.headers)) {
      throw new AppError("unsupported_media_type", "Send the body as application/json (the Content-Type header is missing)");
    }
    return next();
  }
  const refusal = refuseContentType(contentType);
  if (refusal !== undefined) throw new AppError("unsupported_media_type", refusal);
  const encoding = c.req.header("content-encoding")?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== "" && encoding !== "identity") {
    throw new AppError("unsupported_media_type", `Send the body uncompressed; Content-Encoding ${encoding} is not accepted`);
  }
  try {
    await c.req.json();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("malformed_json", "The request body is not valid JSON");
  }
  return next();
};

const limitJsonBody: MiddlewareHandler = (c, next) =>
  readingBody(jsonBodyLimit, c, next, () => new AppError("bad_request", "The request body ended before it was whole; nothing of it was kept"));

export const jsonBody: MiddlewareHandler[] = [limitJsonBody, parseJsonBody];
