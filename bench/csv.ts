/**
 * Reading the 100,000-row bank file of bench/ingest.ts, decoded as the
 * importer decodes it: the importer's reader (papaparse, src/ingest/csv.ts)
 * against the hand-written parser it replaced (bench/csv-handwritten.ts).
 * Both read the same text in the same process, taking turns, so that what
 * the machine does meanwhile falls on both; each figure is its best run.
 */
import { isDeepStrictEqual } from "node:util";
import { csvRecords, type CsvRecord } from "../src/ingest/csv.ts";
import { decodeBankFile } from "../src/ingest/decode.ts";
import { csvRecords as handwrittenRecords } from "./csv-handwritten.ts";
import { bigStatement } from "./ingest.ts";

export interface CsvReadBench {
  rows: number;
  records: number;
  bytes: number;
  papaparseMs: number;
  handwrittenMs: number;
}

/** Every record read and let go, as the importer's passes do; the count of cells keeps the work from being optimized away. */
function readAll(records: Iterable<CsvRecord>): number {
  let cells = 0;
  for (const record of records) cells += record.cells.length;
  return cells;
}

function timed(read: () => number): number {
  const started = performance.now();
  read();
  return performance.now() - started;
}

export function benchCsvRead(rows: number, runs: number): CsvReadBench {
  const bytes = bigStatement(rows);
  const decoded = decodeBankFile(bytes);
  if (!decoded.ok) throw new Error(`bench: the statement does not decode: ${decoded.reason}`);
  const { text } = decoded;
  const read = [...csvRecords(text, ",")];
  if (!isDeepStrictEqual(read, [...handwrittenRecords(text, ",")])) throw new Error("bench: papaparse and the hand-written parser read the statement differently");
  let papaparseMs = Infinity;
  let handwrittenMs = Infinity;
  for (let run = 0; run < runs; run++) {
    handwrittenMs = Math.min(handwrittenMs, timed(() => readAll(handwrittenRecords(text, ","))));
    papaparseMs = Math.min(papaparseMs, timed(() => readAll(csvRecords(text, ","))));
  }
  return { rows, records: read.length, bytes: bytes.length, papaparseMs, handwrittenMs };
}
