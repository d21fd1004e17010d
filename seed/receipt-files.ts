/**
 * A receipt's text as the file a company hands over when it is not the text
 * itself (see receiptFile in receipts.ts): a PDF whose text layer holds the
 * same lines (an e-mailed receipt or invoice), or a photo of the paper (a
 * PNG), which only OCR can read.
 *
 * Both are set in DejaVu Sans Mono from @fontsource/dejavu-mono, never a
 * system font, and carry no clock time: the same seed gives the same bytes.
 * pdf-lib, fontkit and @napi-rs/canvas are loaded on the first file that
 * needs them.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { inflateSync } from "node:zlib";
import type { PDFDocument } from "pdf-lib";
import type { GeneratedReceipt } from "./model.ts";
import { hashLabels } from "./rng.ts";

const require = createRequire(import.meta.url);
const fontFile = (name: string): string => require.resolve(`@fontsource/dejavu-mono/files/${name}`);

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
 * A WOFF 1.0 font back as the TrueType (sfnt) file it wraps: each table
 * inflated once here, where fontkit would inflate it again, in JavaScript, on
 * every read (over a second per PDF).
 */
export function sfntFromWoff(woff: Uint8Array): Uint8Array {
  const view = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (view.getUint32(0) !== 0x774f4646) throw new Error("not a WOFF 1.0 font");
  const flavor = view.getUint32(4);
  const count = view.getUint16(12);
  const tables = Array.from({ length: count }, (_, i) => {
    const at = 44 + i * 20;
    const offset = view.getUint32(at + 4);
    const packed = woff.subarray(offset, offset + view.getUint32(at + 8));
    const length = view.getUint32(at + 12);
    const data = packed.length < length ? new Uint8Array(inflateSync(packed)) : packed;
    if (data.length !== length) throw new Error("a WOFF table does not inflate to its stated length");
    return { tag: view.getUint32(at), checksum: view.getUint32(at + 16), data };
  });
  const directoryEnd = 12 + count * 16;
  const padded = (n: number): number => (n + 3) & ~3;
  const sfnt = new Uint8Array(tables.reduce((end, table) => end + padded(table.data.length), directoryEnd));
  const out = new DataView(sfnt.buffer);
  const power = 2 ** Math.floor(Math.log2(count));
  out.setUint32(0, flavor);
  out.setUint16(4, count);
  out.setUint16(6, power * 16);
  out.setUint16(8, Math.log2(power));
  out.setUint16(10, count * 16 - power * 16);
  let offset = directoryEnd;
  for (const [i, table] of tables.entries()) {
    out.setUint32(12 + i * 16, table.tag);
    out.setUint32(16 + i * 16, table.checksum);
    out.setUint32(20 + i * 16, offset);
    out.setUint32(24 + i * 16, table.data.length);
    sfnt.set(table.data, offset);
    offset += padded(table.data.length);
  }
  return sfnt;
}

/**
 * pdf-lib, fontkit and the font, loaded once and only when a PDF is written.
 * The WOFF (not WOFF2) file, unwrapped: fontkit subsets it into each PDF.
 */
function loadPdfTools(): Promise<PdfTools> {
  pdfTools ??= (async () => {
    const [pdfLib, fontkitModule, font] = await Promise.all([
      import("pdf-lib"),
      import("@pdf-lib/fontkit"),
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- a font inside our own dependencies
      readFile(fontFile("dejavu-mono-latin-400-normal.woff")),
    ]);
    const sfnt = sfntFromWoff(new Uint8Array(font));
    // A CommonJS bundle: Node hands its exports over as the default.
    const kit = fontkitModule.default;
    // Parsed once for every PDF, not once each: fontkit keeps what it has decoded (glyphs, the layout engine) on the
    // font. Each PDF's subset is its own, and fontkit reads the font synchronously, so PDFs made side by side do not mix.
    const parsed = kit.create(sfnt);
    const fontkit: Fontkit = { create: (bytes, name) => (bytes === sfnt && name === undefined ? parsed : kit.create(bytes, name)) };
    return { pdfLib, fontkit, font: sfnt };
  })();
  return pdfTools;
}

/** PDF points: a till slip on a page its own size, an invoice on US Letter. */
const pdfLayout = {
  slip: { size: 9, leading: 11, margin: 18 },
  invoice: { size: 10, leading: 13, margin: 72, page: [612, 792] as const },
} as const;

/** The receipt's lines as a PDF text layer, one text line per printed line (unpdf reads them back). */
export async function receiptPdf(receipt: GeneratedReceipt, text: string): Promise<Uint8Array> {
  const { pdfLib, fontkit, font: fontBytes } = await loadPdfTools();
  const lines = linesOf(text);
  const doc = await pdfLib.PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fontBytes, { subset: true });
  const invoice = receipt.basis.style === "invoice";
  const layout = invoice ? pdfLayout.invoice : pdfLayout.slip;
  // One width for every character: the font is monospaced (and laying out each line twice costs).
  const widest = Math.max(0, ...lines.map((line) => line.length)) * font.widthOfTextAtSize("0", layout.size);
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
export async function receiptPng(receipt: GeneratedReceipt, text: string): Promise<Uint8Array> {
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
