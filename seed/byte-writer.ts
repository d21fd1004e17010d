/**
 * Writes text straight into bytes in a statement's encoding. A million-row
 * run used to build every row as a string, join a month of them and encode
 * the result: three copies of each byte, and garbage the collector had to
 * trace. Here each cell's characters land in the buffer once.
 */
import { windows1252High as windows1252ToUnicode } from "../src/ingest/decode.ts";
import type { Dialect } from "./dialects.ts";

export type TextEncoding = Dialect["encoding"];

/** Characters of Windows-1252's 0x80-0x9F block, by byte: the importer's own table, turned around. */
const windows1252High: ReadonlyMap<number, number> = new Map(
  windows1252ToUnicode.flatMap((code, offset) => (code > 0xff ? [[code, 0x80 + offset] as const] : [])),
);

/** The byte a Windows-1252 file holds for one UTF-16 code unit; throws for characters the code page lacks. */
function windows1252Byte(code: number): number {
  if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
  const mapped = windows1252High.get(code);
  if (mapped === undefined) throw new RangeError(`U+${code.toString(16).toUpperCase()} has no Windows-1252 byte`);
  return mapped;
}

const doubleQuote = 0x22;
const carriageReturn = 0x0d;
const lineFeed = 0x0a;
/** For write(): no delimiter to look for. */
const noDelimiter = -1;
/** What UTF-8 writes for a lone surrogate, as TextEncoder does: U+FFFD. */
const replacementCharacter = 0xfffd;

/**
 * One buffer, reused by every writer: statements are rendered one at a time,
 * and each result is copied out, so a run allocates the large buffer once.
 */
let shared = new Uint8Array(1 << 20);

export class ByteWriter {
  private readonly utf8: boolean;
  private bytes: Uint8Array;
  private length = 0;

  constructor(encoding: TextEncoding) {
    this.utf8 = encoding !== "windows-1252";
    this.bytes = shared;
  }

  /** The bytes written so far, as an array of their own. */
  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  text(text: string): void {
    this.write(text, noDelimiter);
  }

  /**
   * A CSV cell that needs no quotes: writes it and returns true, unless it
   * holds a quote, the delimiter (a character code) or a line break; then it
   * writes nothing and returns false, for the caller to quote it. One pass
   * over the text, where a search and then a copy would be two.
   */
  unquotedCell(text: string, delimiter: number): boolean {
    return this.write(text, delimiter);
  }

  /** Writes the text, unless `delimiter` is given and the text holds it, a quote or a line break. */
  private write(text: string, delimiter: number): boolean {
    // At most three bytes per UTF-16 code unit (a surrogate pair is two units for four bytes).
    this.reserve(this.utf8 ? text.length * 3 : text.length);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (delimiter !== noDelimiter && (code === delimiter || code === doubleQuote || code === carriageReturn || code === lineFeed)) return false;
      if (code < 0x80) {
        bytes[at++] = code;
      } else if (!this.utf8) {
        bytes[at++] = windows1252Byte(code);
      } else {
        const pair = isSurrogatePairAt(text, i);
        at = this.utf8NonAscii(text, i, at);
        if (pair) i++;
      }
    }
    this.length = at;
    return true;
  }

  /** `"text"`, with each quote inside doubled: a CSV cell that must be quoted. */
  quoted(text: string): void {
    this.byte(doubleQuote);
    this.text(text.includes('"') ? text.replaceAll('"', '""') : text);
    this.byte(doubleQuote);
  }

  byte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  /** A whole number's digits, as String(value) writes them, grouped in threes by `separator` ("" for none). */
  wholeNumber(value: number, separator: string): void {
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    const separatorCode = separator === "" ? 0 : separator.charCodeAt(0);
    const size = separatorCode === 0 ? digits : digits + Math.floor((digits - 1) / 3);
    this.reserve(size);
    // Written from the last digit back, so each group's separator goes in front of it.
    let at = this.length + size;
    let rest = value;
    for (let written = 0; written < digits; written++) {
      if (separatorCode !== 0 && written > 0 && written % 3 === 0) this.bytes[--at] = separatorCode;
      this.bytes[--at] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.length += size;
  }

  /** 0 to 99 as two digits: cents. */
  twoDigits(value: number): void {
    this.reserve(2);
    this.bytes[this.length++] = 0x30 + Math.floor(value / 10);
    this.bytes[this.length++] = 0x30 + (value % 10);
  }

  /** Encodes the character at `i` (not ASCII) as UTF-8 at `at`; returns where the next byte goes. */
  private utf8NonAscii(text: string, i: number, at: number): number {
    const bytes = this.bytes;
    let code = text.charCodeAt(i);
    if (code < 0x800) {
      bytes[at++] = 0xc0 | (code >> 6);
      bytes[at++] = 0x80 | (code & 0x3f);
      return at;
    }
    if (isSurrogatePairAt(text, i)) {
      const point = 0x10000 + ((code - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00);
      bytes[at++] = 0xf0 | (point >> 18);
      bytes[at++] = 0x80 | ((point >> 12) & 0x3f);
      bytes[at++] = 0x80 | ((point >> 6) & 0x3f);
      bytes[at++] = 0x80 | (point & 0x3f);
      return at;
    }
    if (code >= 0xd800 && code <= 0xdfff) code = replacementCharacter;
    bytes[at++] = 0xe0 | (code >> 12);
    bytes[at++] = 0x80 | ((code >> 6) & 0x3f);
    bytes[at++] = 0x80 | (code & 0x3f);
    return at;
  }

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    shared = grown;
  }
}

function isSurrogatePairAt(text: string, i: number): boolean {
  const high = text.charCodeAt(i);
  if (high < 0xd800 || high > 0xdbff) return false;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff;
}
