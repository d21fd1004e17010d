/**
 * Bytes to text, whatever the bank chose: UTF-8 with or without a BOM,
 * UTF-16 with a BOM (or, as some Windows tools write it, without one), and
 * Windows-1252 for everything else that is not valid UTF-8. Decoders are
 * written out here rather than borrowed from TextDecoder's label table,
 * because the Workers runtime does not promise Windows-1252 or UTF-16BE.
 */

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export type DecodedFile =
  | { ok: true; text: string; encoding: TextEncodingName; byteOrderMark: boolean }
  | { ok: false; reason: string };

/** Windows-1252's 0x80-0x9F; undefined bytes keep their Latin-1 control code, as browsers do. */
export const windows1252High: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

function fromCodeUnits(units: ArrayLike<number>, start: number, end: number): string {
  const chunk = 8192;
  let text = "";
  for (let from = start; from < end; from += chunk) {
    const slice: number[] = [];
    for (let i = from; i < Math.min(end, from + chunk); i++) slice.push(units[i] ?? 0);
    text += String.fromCharCode(...slice);
  }
  return text;
}

export function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    units[i] = byte >= 0x80 && byte <= 0x9f ? (windows1252High[byte - 0x80] ?? byte) : byte;
  }
  return fromCodeUnits(units, 0, units.length);
}

function decodeUtf16(bytes: Uint8Array, start: number, littleEndian: boolean): string {
  const count = Math.floor((bytes.length - start) / 2);
  const units = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const a = bytes[start + 2 * i] ?? 0;
    const b = bytes[start + 2 * i + 1] ?? 0;
    units[i] = littleEndian ? a | (b << 8) : (a << 8) | b;
  }
  return fromCodeUnits(units, 0, count);
}

/** UTF-16 without a BOM shows itself by zero bytes in every other position of ASCII text. */
function utf16WithoutMark(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const sample = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (sample < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = sample / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return "utf-16le";
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return "utf-16be";
  return null;
}

/** Characters that no text export contains: controls other than tab and line ends, and replacement marks. */
function garbageCount(text: string): number {
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffd || code === 0x7f) bad++;
  }
  return bad;
}

/** A stray byte or two is a damaged export; a file made of such characters is not an export at all. */
function garbageShare(text: string): number {
  return text.length === 0 ? 0 : garbageCount(text) / text.length;
}

export function decodeBankFile(bytes: Uint8Array): DecodedFile {
  let result: { text: string; encoding: TextEncodingName; byteOrderMark: boolean };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    try {
      result = { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(3)), encoding: "utf-8", byteOrderMark: true };
    } catch {
      return { ok: false, reason: "the file starts with a UTF-8 byte-order mark but is not valid UTF-8" };
    }
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    result = { text: decodeUtf16(bytes, 2, true), encoding: "utf-16le", byteOrderMark: true };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    result = { text: decodeUtf16(bytes, 2, false), encoding: "utf-16be", byteOrderMark: true };
  } else {
    const utf16 = utf16WithoutMark(bytes);
    if (utf16) {
      result = { text: decodeUtf16(bytes, 0, utf16 === "utf-16le"), encoding: utf16, byteOrderMark: false };
    } else {
      try {
        result = { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes), encoding: "utf-8", byteOrderMark: false };
      } catch {
        // One stray byte in a UTF-8 file must not turn every "é" into "Ã©" (and every row into a new
        // transaction): where valid multi-byte characters outnumber the broken bytes, it is UTF-8.
        const lossy = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(bytes);
        let broken = 0;
        let multiByte = 0;
        for (let i = 0; i < lossy.length; i++) {
          const code = lossy.charCodeAt(i);
          if (code === 0xfffd) broken++;
          else if (code > 0x7f) multiByte++;
        }
        result =
          multiByte > broken
            ? { text: lossy, encoding: "utf-8", byteOrderMark: false }
            : { text: decodeWindows1252(bytes), encoding: "windows-1252", byteOrderMark: false };
      }
    }
  }
  if (result.text.trim() === "") return { ok: false, reason: "the file is empty" };
  // A few stray control characters happen; a file made of them is not a bank export.
  if (garbageShare(result.text) > 0.01 && garbageCount(result.text) > 8) return { ok: false, reason: "the file is binary data, not a text (CSV) export" };
  return { ok: true, ...result };
}
