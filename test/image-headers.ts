/** Photo headers for tests: just enough of a PNG or JPEG for its size to be read. */
const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const be32 = (value: number): number[] => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
const be16 = (value: number): number[] => [(value >>> 8) & 0xff, value & 0xff];

/** A PNG's signature and IHDR chunk (CRC left zero: only the header is read), then `rest`. */
export function pngHeader(width: number, height: number, rest: readonly number[] = []): Uint8Array {
  return new Uint8Array([...pngSignature, ...be32(13), 0x49, 0x48, 0x44, 0x52, ...be32(width), ...be32(height), 1, 0, 0, 0, 0, 0, 0, 0, 0, ...rest]);
}

/** SOI, an APP0 segment, optionally a DQT-like segment, then a baseline frame header. */
export function jpegHeader(width: number, height: number, frameMarker = 0xc0): Uint8Array {
  const app0 = [0xff, 0xe0, ...be16(16), 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const other = [0xff, 0xdb, ...be16(5), 0, 1, 2];
  const frame = [0xff, frameMarker, ...be16(17), 8, ...be16(height), ...be16(width), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return new Uint8Array([0xff, 0xd8, ...app0, 0xff, ...other, ...frame]);
}
