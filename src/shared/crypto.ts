/**
 * Hashing goes through node:crypto, which both hosts have (Workers with
 * nodejs_compat) and which hashes synchronously: WebCrypto's digest costs a
 * promise and a trip to a thread per call, about 40 µs for an API key on
 * Node against 2 µs here, paid by every authenticated request. Random bytes
 * and everything else stay Web APIs.
 */
import * as nodeCrypto from "node:crypto";

const hexByByte = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

export function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += hexByByte[byte] ?? "";
  return hex;
}

/** Text is hashed as its UTF-8 bytes. */
export function sha256(data: string | Uint8Array): Uint8Array {
  return new Uint8Array(nodeCrypto.createHash("sha256").update(data).digest());
}

/** Node's one-shot hash() where the host has it (Node 21.7+), a Hash object where it does not (Workers). */
export const sha256Hex: (data: string | Uint8Array) => string =
  typeof nodeCrypto.hash === "function" ? (data) => nodeCrypto.hash("sha256", data, "hex") : (data) => nodeCrypto.createHash("sha256").update(data).digest("hex");

/**
 * Compares in time that depends only on the length, never on where the first
 * difference is. Callers compare digests, so lengths never reveal a secret.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) {
    difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
  }
  return difference === 0;
}

export function randomBase64Url(byteCount: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(byteCount));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
