/**
 * Bytes to and from base64 with the web's btoa and atob, which both hosts
 * have; Node's Buffer is not on Workers.
 */

/** String.fromCharCode takes its characters as arguments: a chunk keeps a large image under the engine's argument limit. */
const chunk = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let start = 0; start < bytes.length; start += chunk) binary += String.fromCharCode(...bytes.subarray(start, start + chunk));
  return btoa(binary);
}

/** Throws on text that is not base64 (atob's InvalidCharacterError). */
export const base64ToBytes = (text: string): Uint8Array => Uint8Array.from(atob(text), (character) => character.charCodeAt(0));
