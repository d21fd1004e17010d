import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { jpegHeader, pngHeader } from "../../test/image-headers.ts";
import { pixelSize } from "./image-size.ts";

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe("pixelSize", () => {
  it("reads a PNG's width and height from its IHDR", () => {
    expect(pixelSize(pngHeader(4032, 3024), "png")).toEqual({ width: 4032, height: 3024 });
    expect(pixelSize(pngHeader(2 ** 31 - 1, 1), "png")).toEqual({ width: 2 ** 31 - 1, height: 1 });
  });

  it("reads a JPEG's from its frame header, past other segments and fill bytes, baseline or progressive", () => {
    expect(pixelSize(jpegHeader(4000, 3000), "jpeg")).toEqual({ width: 4000, height: 3000 });
    expect(pixelSize(jpegHeader(640, 480, 0xc2), "jpeg")).toEqual({ width: 640, height: 480 });
  });

  it("does not take a Huffman table (C4) for a frame", () => {
    const huffmanFirst = new Uint8Array([0xff, 0xd8, 0xff, 0xc4, 0, 6, 0x10, 0x10, 0x10, 0x10, ...jpegHeader(320, 240).slice(2)]);
    expect(pixelSize(huffmanFirst, "jpeg")).toEqual({ width: 320, height: 240 });
  });

  it("cannot tell from a header that is cut short or not one", () => {
    expect(pixelSize(new Uint8Array(pngSignature), "png")).toBeUndefined();
    expect(pixelSize(new Uint8Array([...pngSignature, ...deflateSync(new Uint8Array(64))]), "png")).toBeUndefined();
    expect(pixelSize(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]), "jpeg")).toBeUndefined();
    expect(pixelSize(new Uint8Array([0xff, 0xd8, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08]), "jpeg")).toBeUndefined();
  });
});
