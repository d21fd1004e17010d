/**
 * A receipt as the file the company hands over. Most are the OCR text itself
 * (receipts/<id>.txt); about one in seven is a PDF whose text layer holds the
 * same lines (an e-mailed receipt or invoice); about one in twenty is a photo
 * of the paper (a PNG), which only OCR can read. Which is which is decided by
 * the receipt's own seed (receiptFormat), so it draws nothing from the
 * generator's streams and the rest of a dataset does not change with it.
 *
 * Both are set in DejaVu Sans Mono from @fontsource/dejavu-mono, never a
 * system font, and carry no clock time: the same seed gives the same bytes.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { PDFDocument } from "pdf-lib";
import type { GeneratedReceipt } from "./model.ts";
import { receiptText } from "./receipts.ts";
import { hashLabels } from "./rng.ts";

const require = createRequire(import.meta.url);
const fontFile = (name: string): string => require.resolve(`@fontsource/dejavu-mono/files/${name}`);

/** A file's contents: text (the .txt receipts) or bytes. */
export type ReceiptFileData = string | Uint8Array;

/** The printed lines, without the text's final newline. */
function linesOf(text: string): string[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Noon UTC on the receipt's day: the PDF's dates say when it was issued, not when it was generated. */
const issuedAt = (receipt: GeneratedReceipt): Date => new Date(receipt.date * 86_400_000 + 12 * 3_600_000);

/** Small per-receipt differences (type size, margins, paper), from the receipt's seed alone, apart from its text's stream. */
const looks = (receipt: GeneratedReceipt, what: string): number => hashLabels(receipt.textSeed >>> 0, ["looks", what]) / 4294967296;

const between = (receipt: GeneratedReceipt, what: string, min: number, max: number): number => min + Math.floor(looks(receipt, what) * (max - min + 1));

// ---------------------------------------------------------------------------
// PDF

type PdfLib = typeof import("pdf-lib");
type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];

interface PdfTools {
  pdfLib: PdfLib;
  fontkit: Fontkit;
  font: Uint8Array;
}

let pdfTools: Promise<PdfTools> | undefined;

/**
 * pdf-lib, fontkit and the font, loaded once and only when a PDF is written.
 * The WOFF (not WOFF2) file: fontkit subsets it into a proper TrueType font.
 */
function loadPdfTools(): Promise<PdfTools> {
  pdfTools ??= (async () => {
    const [pdfLib, fontkitModule, font] = await Promise.all([
      import("pdf-lib"),
      import("@pdf-lib/fontkit"),
      readFile(fontFile("dejavu-mono-latin-400-normal.woff")),
    ]);
    // A CommonJS bundle: Node hands its exports over as the default.
    const fontkit = (fontkitModule as { default?: Fontkit }).default ?? (fontkitModule as unknown as Fontkit);
    return { pdfLib, fontkit, font: new Uint8Array(font) };
  })();
  return pdfTools;
}

/** PDF points: a till slip on a page its own size, an invoice on US Letter. */
const pdfLayout = {
  slip: { size: 9, leading: 11, margin: 18 },
  invoice: { size: 10, leading: 13, margin: 72, page: [612, 792] as const },
} as const;

/** The receipt's lines as a PDF text layer, one text line per printed line (unpdf reads them back). */
export async function receiptPdf(receipt: GeneratedReceipt, text = receiptText(receipt)): Promise<Uint8Array> {
  const { pdfLib, fontkit, font: fontBytes } = await loadPdfTools();
  const lines = linesOf(text);
  const doc = await pdfLib.PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fontBytes, { subset: true });
  const invoice = receipt.basis.style === "invoice";
  const layout = invoice ? pdfLayout.invoice : pdfLayout.slip;
  const widest = Math.max(0, ...lines.map((line) => font.widthOfTextAtSize(line, layout.size)));
  const [width, height] = invoice ? pdfLayout.invoice.page : [Math.ceil(widest + 2 * layout.margin), lines.length * layout.leading + 2 * layout.margin];
  const page = doc.addPage([width, height]);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    page.drawText(line, { x: layout.margin, y: height - layout.margin - (index + 1) * layout.leading + 2, size: layout.size, font });
  }
  const issued = issuedAt(receipt);
  doc.setTitle(`${invoice ? "Invoice" : "Receipt"}: ${receipt.printedVendor}`);
  doc.setAuthor(receipt.printedVendor);
  doc.setCreator("ai-bookkeeper seed");
  doc.setProducer("pdf-lib");
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);
  return doc.save({ useObjectStreams: false });
}

// ---------------------------------------------------------------------------
// PNG

type Canvas = typeof import("@napi-rs/canvas");

/** The family the receipts are drawn in: a name of our own, so a system font of the same name is never used instead. */
const photoFamily = "Seed Receipt Mono";

let canvasTools: Promise<Canvas> | undefined;

function loadCanvas(): Promise<Canvas> {
  canvasTools ??= (async () => {
    const canvas = await import("@napi-rs/canvas");
    if (canvas.GlobalFonts.registerFromPath(fontFile("dejavu-mono-latin-400-normal.woff2"), photoFamily) === null) {
      throw new Error("@napi-rs/canvas could not load DejaVu Sans Mono from @fontsource/dejavu-mono");
    }
    return canvas;
  })();
  return canvasTools;
}

/**
 * A photo of the paper, flat and square to the camera: dark print on slightly
 * grey paper, 22 to 26 px type with generous margins. Nothing is blurred or
 * turned, so OCR reads it as well as it reads anything.
 */
export async function receiptPng(receipt: GeneratedReceipt, text = receiptText(receipt)): Promise<Uint8Array> {
  const { createCanvas } = await loadCanvas();
  const lines = linesOf(text);
  const size = between(receipt, "size", 22, 26);
  const leading = Math.round(size * 1.4);
  const margin = between(receipt, "margin", 32, 48);
  const paper = between(receipt, "paper", 238, 250);
  const font = `${size}px "${photoFamily}"`;

  const measure = createCanvas(1, 1).getContext("2d");
  measure.font = font;
  const widest = Math.max(0, ...lines.map((line) => measure.measureText(line).width));
  const canvas = createCanvas(Math.ceil(widest) + 2 * margin, lines.length * leading + 2 * margin);
  const context = canvas.getContext("2d");
  context.fillStyle = `rgb(${paper}, ${paper}, ${paper - 4})`;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = "rgb(24, 24, 28)";
  context.font = font;
  context.textBaseline = "alphabetic";
  for (const [index, line] of lines.entries()) {
    if (line.trim() !== "") context.fillText(line, margin, margin + index * leading + Math.round(size * 0.95));
  }
  return new Uint8Array(await canvas.encode("png"));
}

// ---------------------------------------------------------------------------

/** What receipts/<file> holds: the text, or the PDF or photo of it, as the receipt's file name says. */
export function receiptFile(receipt: GeneratedReceipt): ReceiptFileData | Promise<ReceiptFileData> {
  switch (receipt.format) {
    case "txt":
      return receiptText(receipt);
    case "pdf":
      return receiptPdf(receipt);
    case "png":
      return receiptPng(receipt);
  }
}
