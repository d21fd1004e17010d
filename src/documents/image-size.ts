/**
 * A photo's size in pixels, from its header alone (PNG's IHDR, JPEG's
 * start-of-frame), without decoding it. A 76 KB PNG can declare 20,000 by
 * 20,000 pixels, which OCR then spends seconds on for nothing: the size is
 * checked before the photo reaches OCR. Pure.
 */

export interface PixelSize {
  width: number;
  height: number;
}

const u16 = (bytes: Uint8Array, at: number): number => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
const u32 = (bytes: Uint8Array, at: number): number => u16(bytes, at) * 65_536 + u16(bytes, at + 2);

/** The IHDR chunk comes first, right after the 8-byte signature: length (4), "IHDR" (4), width (4), height (4). */
function pngSize(bytes: Uint8Array): PixelSize | undefined {
  const ihdr = [0x49, 0x48, 0x44, 0x52];
  if (bytes.length < 24 || !ihdr.every((byte, index) => bytes[12 + index] === byte)) return undefined;
  return { width: u32(bytes, 16), height: u32(bytes, 20) };
}

/** Start-of-frame markers (baseline, progressive, lossless...); C4, C8 and CC are other segments. */
const isStartOfFrame = (marker: number): boolean => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
/** Markers with no length after them: TEM, the restart markers, SOI and EOI. */
const standsAlone = (marker: number): boolean => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9);

/** Walks the segments after SOI to the frame header: marker, length (2), precision (1), height (2), width (2). */
function jpegSize(bytes: Uint8Array): PixelSize | undefined {
  let at = 2;
  while (at + 9 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) at += 1;
    else if (isStartOfFrame(marker)) return { height: u16(bytes, at + 5), width: u16(bytes, at + 7) };
    else if (standsAlone(marker)) at += 2;
    else at += 2 + u16(bytes, at + 2);
  }
  return undefined;
}

/** The photo's declared size; undefined when its header cannot tell (OCR then judges the bytes). */
export function pixelSize(bytes: Uint8Array, kind: "png" | "jpeg"): PixelSize | undefined {
  return kind === "png" ? pngSize(bytes) : jpegSize(bytes);
}
