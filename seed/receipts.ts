/**
 * Receipts as OCR hands them over: the vendor as printed on the paper (not as
 * the bank shows it), an address, line items, tax, a total, the card or cash,
 * and now and then a misread letter.
 * A restaurant's printed total leaves the tip out; the bank's amount has it.
 *
 * Most receipts are handed over as that text (receipts/<id>.txt); about one in
 * seven as a PDF whose text layer holds the same lines, and one in twenty as a
 * photo of the paper (receipt-files.ts renders both).
 */
import { keptOrMade } from "../src/shared/memo.ts";
import { formatDay, type Day } from "./calendar.ts";
import type { GeneratedReceipt, Location, ReceiptBasis, ReceiptFormat, Vendor } from "./model.ts";
import { receiptPdf, receiptPng } from "./receipt-files.ts";
import { createRng, hashLabels, type Rng } from "./rng.ts";

/** Hamilton County's combined sales tax, in tenths of a percent. */
export const salesTaxPerMille = 78;

/** "00" to "99", made once: cents and minutes, several on each of a million-row run's receipts. */
const twoDigits = Array.from({ length: 100 }, (_, cents) => String(cents).padStart(2, "0"));

const money = (minor: number): string => {
  const sign = minor < 0 ? "-" : "";
  const absolute = Math.abs(minor);
  const cents = absolute % 100;
  return `${sign}${Math.floor(absolute / 100)}.${twoDigits[cents] ?? String(cents).padStart(2, "0")}`;
};

/** Left text, right-aligned amount, on a 40-column slip. */
const line = (left: string, right: string, width = 40): string => {
  const room = Math.max(1, width - right.length);
  return `${left.slice(0, room - 1).padEnd(room, " ")}${right}`;
};

const centered = (text: string, width = 40): string => {
  const pad = Math.max(0, Math.floor((width - text.length) / 2));
  return `${" ".repeat(pad)}${text}`;
};

/** The lines every receipt ends with, laid out once. */
const fixedLines = {
  tipBlank: line("Tip:", "________"),
  totalBlank: line("Total:", "________"),
  thankYou: centered("THANK YOU"),
  thankYouForYourBusiness: centered("THANK YOU FOR YOUR BUSINESS"),
} as const;

/**
 * A vendor's name and a store's address, centered as the slip prints them.
 * The same few hundred stores print a million-row run's receipts, so each is
 * laid out once.
 */
const letterheads = new WeakMap<Location, Map<string, readonly string[]>>();

function letterhead(printed: string, location: Location): readonly string[] {
  const byName = keptOrMade(letterheads, location, () => new Map<string, readonly string[]>());
  return keptOrMade(byName, printed, () => {
    const laidOut = [centered(printed.toUpperCase())];
    if (location.street !== "") laidOut.push(centered(location.street), centered(`${location.city}, ${location.state} ${location.zip}`));
    if (location.store !== "") laidOut.push(centered(`Store #${location.store}`));
    return laidOut;
  });
}

interface ItemLine {
  name: string;
  quantity: number;
  totalMinor: number;
}

/** Splits a subtotal over a few of the vendor's items, so the lines add up to it exactly. */
function itemLines(vendor: Vendor, subtotalMinor: number, rng: Rng): ItemLine[] {
  const names = vendor.items.length > 0 ? vendor.items : ["Item"];
  const count = Math.max(1, Math.min(names.length, rng.int(1, 4), subtotalMinor));
  const chosen: string[] = [];
  const offset = rng.int(0, names.length - 1);
  for (let i = 0; i < count; i++) chosen.push(names[(offset + i) % names.length] ?? "Item");
  // Every line gets at least a cent; the rest is shared at random, the last line taking what is left.
  let left = subtotalMinor - count;
  return chosen.map((name, index) => {
    const share = index === count - 1 ? left : Math.floor(left * (0.25 + rng.next() * 0.5));
    left -= share;
    const totalMinor = share + 1;
    const quantity = totalMinor % 2 === 0 && totalMinor >= 400 && rng.chance(0.3) ? 2 : 1;
    return { name, quantity, totalMinor };
  });
}

export interface ReceiptTextInput {
  vendor: Vendor;
  basis: ReceiptBasis;
  date: Day;
  /** "VISA ****0412", "DEBIT ****0412" or "CASH". */
  tender: string;
  companyName: string;
}

/** What OCR mistakes letters for. Only letters are touched, so every amount on the slip stays as printed. */
const misreadings: ReadonlyMap<string, string> = new Map(Object.entries({ O: "0", o: "0", l: "1", I: "l", S: "5", B: "8", e: "c", a: "o", m: "rn", G: "6" }));

/** The same letters by character code, 1 where OCR can misread: looked up for every character it scans. */
const misreadable = new Uint8Array(128);
for (const letter of misreadings.keys()) misreadable[letter.charCodeAt(0)] = 1;

/** Misreads a letter or two on some of the lines OCR finds hardest (addresses, item names), on a third of receipts. */
function misread(lines: string[], candidates: readonly number[], rng: Rng): void {
  if (candidates.length === 0 || !rng.chance(0.35)) return;
  for (let n = rng.int(1, 3); n > 0; n--) {
    const index = rng.pick(candidates);
    const text = lines[index] ?? "";
    const positions: number[] = [];
    for (let position = 0; position < Math.min(30, text.length); position++) if (misreadable[text.charCodeAt(position)] === 1) positions.push(position);
    if (positions.length === 0) continue;
    const at = rng.pick(positions);
    lines[index] = text.slice(0, at) + (misreadings.get(text.charAt(at)) ?? "") + text.slice(at + 1);
  }
}

/** The slip's lines as one text, each line ending in a line break: an empty last line gives the final one. */
function asText(lines: string[]): string {
  lines.push("");
  return lines.join("\n");
}

export function renderReceipt(input: ReceiptTextInput, rng: Rng): string {
  const { vendor, basis } = input;
  const location = basis.location;
  const printed = vendor.printed.replace("{store}", location.store);
  const out: string[] = [];
  const hour = rng.int(7, 19);
  const minute = rng.int(0, 59);
  const time = `${((hour + 11) % 12) + 1}:${twoDigits[minute] ?? ""} ${hour < 12 ? "AM" : "PM"}`;
  const date = formatDay(input.date, "MM/DD/YYYY");
  const total = basis.subtotalMinor + basis.taxMinor;

  if (basis.style === "invoice") {
    out.push(printed.toUpperCase(), "");
    out.push(`INVOICE #${rng.int(10000, 999999)}`, `Date: ${date}`, `Bill to: ${input.companyName}`, "");
    const itemsFrom = out.length;
    for (const item of itemLines(vendor, basis.subtotalMinor, rng)) out.push(line(item.name, money(item.totalMinor), 48));
    const items: number[] = [];
    for (let index = itemsFrom; index < out.length; index++) items.push(index);
    out.push("", line("Total", `$${money(total)}`, 48), line(`Paid ${input.tender}`, `$${money(total)}`, 48), "Thank you for your business.");
    misread(out, items, rng);
    return asText(out);
  }

  out.push(...letterhead(printed, location));
  // The address lines, which OCR reads worst.
  const noisy: number[] = location.street !== "" ? [1, 2] : [];
  out.push("", line(date, time));

  if (basis.style === "fuel") {
    const gallons = (basis.gallonsMilli / 1000).toFixed(3);
    const price = (basis.priceMilli / 1000).toFixed(3);
    out.push(`Pump # ${rng.int(1, 12)}`, "Regular Unleaded", line(`${gallons} G @ $${price}/G`, ""), line("FUEL TOTAL", `$${money(total)}`));
    out.push(line(input.tender, `$${money(total)}`), "", fixedLines.thankYou);
    misread(out, noisy, rng);
    return asText(out);
  }

  out.push(basis.style === "restaurant" ? `Server: ${rng.pick(["Maya", "Luis", "Jordan", "Kim", "Tess"])}  Table ${rng.int(1, 24)}` : `Trans #${rng.int(1000, 99999)}`, "");
  for (const item of itemLines(vendor, basis.subtotalMinor, rng)) {
    const name = item.quantity > 1 ? `${item.quantity} x ${item.name}` : item.name;
    noisy.push(out.length);
    out.push(line(name, money(item.totalMinor)));
  }
  out.push("", line("SUBTOTAL", money(basis.subtotalMinor)), line(`TAX ${salesTaxPerMille / 10}%`, money(basis.taxMinor)), line("TOTAL", money(total)));
  if (basis.style === "restaurant") {
    out.push("", fixedLines.tipBlank, fixedLines.totalBlank);
    out.push("", `Suggested gratuity: 18% ${money(Math.round((total * 18) / 100))}  20% ${money(Math.round((total * 20) / 100))}`);
  }
  out.push("", line(input.tender, money(total)), "", fixedLines.thankYouForYourBusiness);
  misread(out, noisy, rng);
  return asText(out);
}

/** The receipt's OCR text; the same receipt always reads the same. */
export function receiptText(receipt: GeneratedReceipt): string {
  return renderReceipt(
    { vendor: receipt.vendorSpec, basis: receipt.basis, date: receipt.date, tender: receipt.tender, companyName: receipt.companyName },
    createRng(receipt.textSeed),
  );
}

/** The share of receipts handed over as a PDF and as a photo (PNG); the rest are OCR text. */
export const receiptFormatShares = { pdf: 0.15, png: 0.05 } as const;

/**
 * What a receipt comes as, from its text seed alone: it draws nothing from the
 * generator's streams, so choosing it changes no other value in a dataset.
 */
export function receiptFormat(textSeed: number): ReceiptFormat {
  const draw = hashLabels(textSeed >>> 0, ["format"]) / 4294967296;
  if (draw < receiptFormatShares.pdf) return "pdf";
  if (draw < receiptFormatShares.pdf + receiptFormatShares.png) return "png";
  return "txt";
}

/** What receipts/<id>.<format> holds: the text, or the PDF or the photo of it. Text is written as UTF-8. */
export function receiptFile(receipt: GeneratedReceipt): string | Promise<Uint8Array> {
  const text = receiptText(receipt);
  switch (receipt.format) {
    case "txt":
      return text;
    case "pdf":
      return receiptPdf(receipt, text);
    case "png":
      return receiptPng(receipt, text);
  }
}

/** The same file as bytes, exactly as written to disk: for uploading it. */
export function receiptBytes(receipt: GeneratedReceipt): Uint8Array | Promise<Uint8Array> {
  const file = receiptFile(receipt);
  return typeof file === "string" ? new TextEncoder().encode(file) : file;
}
