/**
 * The text of a document, whatever it came as: OCR text as sent (in any
 * encoding the importer reads), a PDF's text layer (unpdf, on both hosts), a
 * photo through the host's OCR (tesseract.js on Node; none on Workers).
 * Whatever cannot be read is an answer, not a failure: the reason it could
 * not, which the document keeps.
 */
import { getDocumentProxy } from "unpdf";
import { decodeBankFile } from "../ingest/decode.ts";
import type { DocumentMediaType } from "../shared/vocabulary.ts";
import { pixelSize } from "./image-size.ts";
import { PhotoReaderBusy } from "../shared/errors.ts";

/** Reads the text in a photo: the host's OCR, where it has one. */
export type Ocr = (bytes: Uint8Array, mediaType: "image/png" | "image/jpeg") => Promise<string>;

export type ReadDocument = { text: string } | { unreadable: string };

/**
 * Photos larger than this are not read: a phone's largest usual mode is 48
 * megapixels, and OCR's time grows with the pixels, not with the file.
 */
export const photoPixelsMax = 50_000_000;

/** Why a photo is too large to read, or undefined when it is not (or its header cannot tell). */
function tooManyPixels(bytes: Uint8Array, kind: "png" | "jpeg"): string | undefined {
  const size = pixelSize(bytes, kind);
  if (size === undefined || size.width * size.height <= photoPixelsMax) return undefined;
  return `the photo is ${size.width} by ${size.height} pixels, more than the ${photoPixelsMax / 1_000_000} megapixels read here; send a smaller photo`;
}

/** What is kept of a document's text: a receipt is far shorter; a long PDF is cut. */
export const textCharsMax = 20_000;

const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean => signature.every((byte, index) => bytes[index] === byte);

/** What the bytes are, by their first bytes, whatever the request declared. */
function kindOfBytes(bytes: Uint8Array): "pdf" | "png" | "jpeg" | "other" {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return "pdf";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  return "other";
}

const withText = (text: string, empty: string): ReadDocument => {
  const clean = text.replace(/\r\n?/g, "\n").trim();
  return clean === "" ? { unreadable: empty } : { text: clean.slice(0, textCharsMax) };
};

function readText(bytes: Uint8Array): ReadDocument {
  const decoded = decodeBankFile(bytes);
  if (!decoded.ok) return { unreadable: `the text could not be decoded: ${decoded.reason}` };
  return withText(decoded.text, "the text file holds nothing but whitespace");
}

/**
 * Receipts and invoices are a page or a few. Later pages are not read:
 * pdf.js's time grows faster than the pages (a 4 MB PDF of 20,000 small
 * pages took 269 s and 1.2 GB to read whole, measured), and the text kept is
 * cut at textCharsMax anyway.
 */
export const pdfPagesMax = 20;

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/** One page's text as unpdf's extractText writes it: each item, with its line ends. */
async function pageText(pdf: PdfDocument, number: number): Promise<string> {
  const content = await (await pdf.getPage(number)).getTextContent();
  return content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : "")).join("");
}

/** The first pages' text, page after page, until pdfPagesMax pages or textCharsMax characters; merged as unpdf merges pages. */
async function leadingPagesText(pdf: PdfDocument): Promise<string> {
  const texts: string[] = [];
  let chars = 0;
  for (let number = 1; number <= Math.min(pdf.numPages, pdfPagesMax) && chars < textCharsMax; number++) {
    const text = await pageText(pdf, number);
    texts.push(text);
    chars += text.length;
  }
  return texts.join("\n").replace(/[^\S\n]+/g, " ").replace(/ ?\n ?/g, "\n").replace(/\n{3,}/g, "\n\n");
}

async function readPdf(bytes: Uint8Array): Promise<ReadDocument> {
  if (kindOfBytes(bytes) !== "pdf") return { unreadable: "the file is declared a PDF but does not start like one" };
  let pdf: PdfDocument | undefined;
  try {
    // unpdf takes the array for itself (and refuses a Node Buffer): hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    return withText(await leadingPagesText(pdf), "the PDF has no text layer (a scan?); send a photo of it, which is read by OCR");
  } catch (error) {
    return { unreadable: `the PDF cannot be read (${error instanceof Error ? error.name : "damaged"}): it may be truncated or not a PDF` };
  } finally {
    // The document holds its parsed objects until its loading task is destroyed.
    await pdf?.loadingTask.destroy();
  }
}

async function readImage(bytes: Uint8Array, mediaType: "image/png" | "image/jpeg", ocr: Ocr | undefined): Promise<ReadDocument> {
  const kind = kindOfBytes(bytes);
  if ((mediaType === "image/png" && kind !== "png") || (mediaType === "image/jpeg" && kind !== "jpeg")) return { unreadable: `the file is declared ${mediaType} but is not one` };
  const tooLarge = tooManyPixels(bytes, mediaType === "image/png" ? "png" : "jpeg");
  if (tooLarge !== undefined) return { unreadable: tooLarge };
  if (ocr === undefined) return { unreadable: "photos are read by OCR, which this host does not have (the Node host reads them); the photo is kept" };
  try {
    return withText(await ocr(bytes, mediaType), "no text was found in the photo");
  } catch (error) {
    // Busy is not unreadable: the photo is refused unstored, and the same bytes sent later are read.
    if (error instanceof PhotoReaderBusy) throw error;
    return { unreadable: `the photo could not be read (${error instanceof Error ? error.message.slice(0, 120) : "OCR failed"})` };
  }
}

export async function readDocument(bytes: Uint8Array, mediaType: DocumentMediaType, ocr: Ocr | undefined): Promise<ReadDocument> {
  if (bytes.length === 0) return { unreadable: "the file is empty" };
  switch (mediaType) {
    case "text/plain":
      return readText(bytes);
    case "application/pdf":
      return readPdf(bytes);
    case "image/png":
    case "image/jpeg":
      return readImage(bytes, mediaType, ocr);
  }
}
