/** What a screenshot is: a PNG of the size asked for, with something drawn on it. */
import { createCanvas, loadImage } from "@napi-rs/canvas";

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export const isPng = (bytes: Uint8Array): boolean => pngSignature.every((byte, index) => bytes[index] === byte);

/** Width and height from the IHDR chunk, which a PNG must have first (bytes 16 to 23). */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * The share of pixels that differ from the top-left one (the page's
 * background): a blank or error-free-but-empty page is almost all background.
 */
export async function shareOfDrawnPixels(bytes: Uint8Array): Promise<number> {
  const image = await loadImage(bytes);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  let drawn = 0;
  for (let offset = 0; offset < data.length; offset += 4) {
    if (data[offset] !== data[0] || data[offset + 1] !== data[1] || data[offset + 2] !== data[2]) drawn += 1;
  }
  return drawn / (data.length / 4);
}
