import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "../shared/errors.ts";

/** JSON request bodies of this API are small; anything larger is a mistake or abuse. */
export const jsonBodyBytesMax = 1024 * 1024;

/** application/json, or any application/*+json, with or without parameters. */
function isJsonMediaType(contentType: string): boolean {
  const mediaType = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  return mediaType === "application/json" || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
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
const limitJsonBody = bodyLimit({
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
  if (!isJsonMediaType(contentType)) {
    throw new AppError("unsupported_media_type", `Send the body as application/json, not ${contentType}`);
  }
  try {
    await c.req.json();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("malformed_json", "The request body is not valid JSON");
  }
  return next();
};

export const jsonBody: MiddlewareHandler[] = [limitJsonBody, parseJsonBody];
