import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it, vi } from "vitest";
import { extractReceipt } from "./extract.ts";
import { jpegHeader, pngHeader } from "../../test/image-headers.ts";
import { pdfPagesMax, photoPixelsMax, readDocument, textCharsMax, type Ocr, type ReadDocument } from "./read.ts";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const textOf = (read: ReadDocument): string => {
  if (!("text" in read)) throw new Error(`expected text, got unreadable: ${read.unreadable}`);
  return read.text;
};

const reasonOf = (read: ReadDocument): string => {
  if (!("unreadable" in read)) throw new Error(`expected unreadable, got text: ${read.text.slice(0, 80)}`);
  return read.unreadable;
};

const slipLines = ["RIDGELINE HARDWARE & SUPPLY", "05/09/2025 10:14 AM", "DUCT TAPE 60YD        8.99", "SUBTOTAL             22.44", "SALES TAX             0.92", "TOTAL                23.36", "VISA ****4821"];

async function pdfWithText(lines: readonly string[]): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Courier);
  const page = document.addPage([300, 400]);
  lines.forEach((line, index) => {
    page.drawText(line, { x: 20, y: 370 - index * 14, size: 10, font });
  });
  return document.save();
}

async function pdfWithEmptyPage(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.addPage();
  return document.save();
}

/** A fixed byte pattern that no decoder or image format makes sense of. */
function noise(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const jpegSignature = [0xff, 0xd8, 0xff, 0xe0];
const withSignature = (signature: readonly number[], rest: Uint8Array): Uint8Array => new Uint8Array([...signature, ...rest]);

const refusingOcr: Ocr = () => Promise.reject(new Error("tesseract: image data is corrupt"));

describe("readDocument: text", () => {
  it("reads UTF-8 text as sent, accents and currency signs intact", async () => {
    const text = "Café Lumière\n14.03.2025\nTOTAL 12,50 €";
    expect(textOf(await readDocument(utf8(text), "text/plain", undefined))).toBe(text);
  });

  it("drops a UTF-8 byte-order mark", async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("Bäckerei Sonnenkorn\nSUMME 8,15")]);
    expect(textOf(await readDocument(bytes, "text/plain", undefined))).toBe("Bäckerei Sonnenkorn\nSUMME 8,15");
  });

  it("reads Latin-1 bytes (é, £, ü as single bytes) as the characters they stand for", async () => {
    // "Café Noël", "£4.20", "Müller" in ISO-8859-1 / Windows-1252.
    const bytes = new Uint8Array([
      ...utf8("Caf"), 0xe9, ...utf8(" No"), 0xeb, ...utf8("l\n"),
      0xa3, ...utf8("4.20\nM"), 0xfc, ...utf8("ller"),
    ]);
    expect(textOf(await readDocument(bytes, "text/plain", undefined))).toBe("Café Noël\n£4.20\nMüller");
  });

  it("turns Windows and old Mac line endings into newlines and trims the ends", async () => {
    const read = await readDocument(utf8("\r\n  Luna Taqueria\r\nTOTAL 22.48\rVISA ****1234  \r\n\r\n"), "text/plain", undefined);
    expect(textOf(read)).toBe("Luna Taqueria\nTOTAL 22.48\nVISA ****1234");
  });

  it("keeps at most textCharsMax characters of a long text", async () => {
    const long = "ITEM 1.00\n".repeat(textCharsMax);
    expect(textOf(await readDocument(utf8(long), "text/plain", undefined))).toHaveLength(textCharsMax);
  });

  it("calls a text of nothing but whitespace unreadable, saying it is empty", async () => {
    expect(reasonOf(await readDocument(utf8(" \n\t \r\n "), "text/plain", undefined))).toMatch(/empty|whitespace/);
  });

  it("calls binary data sent as text unreadable rather than returning garbage", async () => {
    expect(reasonOf(await readDocument(noise(2048, 7), "text/plain", undefined))).toMatch(/could not be decoded/);
  });
});

describe("readDocument: PDF", () => {
  it("reads a PDF's text layer, which the extractor can then read", async () => {
    const text = textOf(await readDocument(await pdfWithText(slipLines), "application/pdf", undefined));
    for (const word of ["RIDGELINE HARDWARE", "05/09/2025", "SUBTOTAL", "VISA ****4821"]) expect(text).toContain(word);
    const extracted = extractReceipt(text);
    expect(extracted.totalMinor).toBe(2336);
    expect(extracted.taxMinor).toBe(92);
    expect(extracted.date).toBe("2025-05-09");
    expect(extracted.cardLast4).toBe("4821");
  });

  it("calls a truncated PDF unreadable, saying it may be truncated, and does not throw", async () => {
    const whole = await pdfWithText(slipLines);
    for (const share of [0.5, 0.9]) {
      const reason = reasonOf(await readDocument(whole.slice(0, Math.floor(whole.length * share)), "application/pdf", undefined));
      expect(reason).toMatch(/cannot be read/);
      expect(reason).toMatch(/truncated/);
    }
  });

  it("calls a PDF with no text layer unreadable, pointing to a photo for OCR", async () => {
    const reason = reasonOf(await readDocument(await pdfWithEmptyPage(), "application/pdf", undefined));
    expect(reason).toMatch(/no text layer/);
    expect(reason).toMatch(/OCR/);
  });

  it("calls a file declared a PDF that does not start like one unreadable", async () => {
    expect(reasonOf(await readDocument(utf8("TOTAL 12.50"), "application/pdf", undefined))).toMatch(/does not start like one/);
  });

  it("calls a PDF header followed by garbage unreadable", async () => {
    const bytes = new Uint8Array([...utf8("%PDF-1.7\n"), ...noise(4096, 11)]);
    expect(reasonOf(await readDocument(bytes, "application/pdf", undefined))).toMatch(/cannot be read/);
  });
});

describe("readDocument: empty files", () => {
  it.each(["text/plain", "application/pdf", "image/png", "image/jpeg"] as const)("calls 0 bytes declared %s unreadable, saying the file is empty", async (mediaType) => {
    const ocr = vi.fn<Ocr>(() => Promise.resolve("never asked"));
    expect(reasonOf(await readDocument(new Uint8Array(0), mediaType, ocr))).toBe("the file is empty");
    expect(ocr).not.toHaveBeenCalled();
  });
});

describe("readDocument: photos", () => {
  it("returns the host OCR's text for a PNG, trimmed and with newlines, after handing it the bytes and type", async () => {
    const bytes = withSignature(pngSignature, noise(256, 3));
    const ocr = vi.fn<Ocr>(() => Promise.resolve("  Blue Heron Coffee Roasters\r\nTotal $12.90\r\n"));
    expect(textOf(await readDocument(bytes, "image/png", ocr))).toBe("Blue Heron Coffee Roasters\nTotal $12.90");
    expect(ocr).toHaveBeenCalledOnce();
    expect(ocr).toHaveBeenCalledWith(bytes, "image/png");
  });

  it("hands a JPEG to the OCR as a JPEG", async () => {
    const ocr = vi.fn<Ocr>(() => Promise.resolve("SUMMIT FUEL STOP\nFUEL TOTAL $40.84"));
    const read = await readDocument(withSignature(jpegSignature, noise(256, 5)), "image/jpeg", ocr);
    expect(textOf(read)).toBe("SUMMIT FUEL STOP\nFUEL TOTAL $40.84");
    expect(ocr.mock.calls[0]?.[1]).toBe("image/jpeg");
  });

  it("calls a photo unreadable when the OCR fails on it, naming the OCR's complaint", async () => {
    const reason = reasonOf(await readDocument(withSignature(pngSignature, noise(512, 9)), "image/png", refusingOcr));
    expect(reason).toMatch(/could not be read/);
    expect(reason).toContain("image data is corrupt");
  });

  it("calls random bytes declared a PNG unreadable without troubling the OCR", async () => {
    const ocr = vi.fn<Ocr>(refusingOcr);
    expect(reasonOf(await readDocument(noise(512, 13), "image/png", ocr))).toMatch(/declared image\/png but is not one/);
    expect(ocr).not.toHaveBeenCalled();
  });

  it("calls a PNG declared a JPEG unreadable", async () => {
    const read = await readDocument(withSignature(pngSignature, noise(64, 17)), "image/jpeg", () => Promise.resolve("text"));
    expect(reasonOf(read)).toMatch(/declared image\/jpeg but is not one/);
  });

  it("on a host without OCR (Workers), calls a photo unreadable, saying the Node host reads photos and the photo is kept", async () => {
    const reason = reasonOf(await readDocument(withSignature(pngSignature, noise(128, 19)), "image/png", undefined));
    expect(reason).toMatch(/OCR/);
    expect(reason).toMatch(/Node host/);
    expect(reason).toMatch(/kept/);
  });

  it("calls a photo in which the OCR finds only whitespace unreadable", async () => {
    const read = await readDocument(withSignature(jpegSignature, noise(64, 23)), "image/jpeg", () => Promise.resolve(" \n \n"));
    expect(reasonOf(read)).toBe("no text was found in the photo");
  });
});

describe("a photo larger than OCR should read", () => {
  it.each([
    ["image/png", () => pngHeader(20_000, 20_000)],
    ["image/jpeg", () => jpegHeader(10_000, 6_000)],
  ] as const)("is unreadable as %s, saying its size, and never reaches OCR", async (mediaType, photo) => {
    const ocr = vi.fn<Ocr>(() => Promise.resolve("text"));
    expect(reasonOf(await readDocument(photo(), mediaType, ocr))).toMatch(/ by .* pixels, more than the 50 megapixels/);
    expect(ocr).not.toHaveBeenCalled();
  });

  it("is read up to the limit, and when its header cannot tell", async () => {
    const ocr = vi.fn<Ocr>(() => Promise.resolve("TOTAL 1.00"));
    expect(textOf(await readDocument(pngHeader(photoPixelsMax / 5_000, 5_000), "image/png", ocr))).toBe("TOTAL 1.00");
    expect(textOf(await readDocument(jpegHeader(8_000, 6_000), "image/jpeg", ocr))).toBe("TOTAL 1.00");
    expect(ocr).toHaveBeenCalledTimes(2);
  });
});

describe("a PDF of many pages", () => {
  it("is read for its first pages only, where a receipt or invoice is, so that a file of thousands of pages costs no more than a few", async () => {
    const document = await PDFDocument.create();
    const font = await document.embedFont(StandardFonts.Courier);
    for (let number = 1; number <= pdfPagesMax + 5; number++) document.addPage([200, 100]).drawText(`PAGE ${number} TOTAL ${number}.00`, { x: 10, y: 50, size: 10, font });
    const text = textOf(await readDocument(await document.save(), "application/pdf", undefined));
    expect(text).toContain(`PAGE ${pdfPagesMax} TOTAL`);
    expect(text).not.toContain(`PAGE ${pdfPagesMax + 1} TOTAL`);
    expect(text.split("\n").filter((line) => line.startsWith("PAGE "))).toHaveLength(pdfPagesMax);
  });
});
