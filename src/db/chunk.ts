import { d1Limits } from "./statement-limits.ts";

const utf8 = new TextEncoder();

/** Splits rows so that each multi-row INSERT binds at most D1's 100 parameters. */
export function chunkRowsForInsert<Row>(rows: readonly Row[], columnsPerRow: number): Row[][] {
  if (!Number.isInteger(columnsPerRow) || columnsPerRow < 1 || columnsPerRow > d1Limits.boundParametersMax) {
    throw new RangeError(`columnsPerRow must be an integer from 1 to ${d1Limits.boundParametersMax}`);
  }
  const rowsPerChunk = Math.floor(d1Limits.boundParametersMax / columnsPerRow);
  const chunks: Row[][] = [];
  for (let start = 0; start < rows.length; start += rowsPerChunk) {
    chunks.push(rows.slice(start, start + rowsPerChunk));
  }
  return chunks;
}

/**
 * Packs rows into JSON arrays of at most `bytesMax` (as UTF-8), each sent as
 * ONE bound parameter and unpacked by json_each: D1's limit of 100
 * parameters would otherwise allow only seven transactions per statement,
 * and a 100,000-row file would take 14,000 statements. Each chunk is one
 * JSON.stringify call, far faster than one per row; a chunk that comes out
 * too large (text full of escapes) is split in two and written again.
 */
export function chunkRowsAsJson(rows: readonly (readonly unknown[])[], bytesMax = 1_500_000): string[] {
  const chunks: string[] = [];
  // Three bytes per UTF-16 unit bounds the UTF-8 size; only a chunk near the limit is encoded to measure it.
  const fits = (json: string): boolean => json.length * 3 <= bytesMax || utf8.encode(json).length <= bytesMax;
  const write = (from: number, to: number): void => {
    const json = JSON.stringify(rows.slice(from, to));
    if (fits(json) || to - from === 1) chunks.push(json);
    else {
      const middle = from + Math.floor((to - from) / 2);
      write(from, middle);
      write(middle, to);
    }
  };
  let from = 0;
  let estimate = 2;
  rows.forEach((row, index) => {
    // A guess at the row's JSON as plain ASCII; write() has the last word.
    const size = row.reduce<number>((sum, value) => sum + (typeof value === "string" ? value.length + 3 : 24), 2);
    if (index > from && estimate + size > bytesMax) {
      write(from, index);
      from = index;
      estimate = 2;
    }
    estimate += size;
  });
  if (from < rows.length) write(from, rows.length);
  return chunks;
}

/** Ids per `IN (...)` list: room under D1's 100 bound parameters for the query's other values. */
export const idsPerQueryMax = 90;

/** Runs a query per chunk of ids, in parallel, and joins the rows in chunk order. */
export async function selectInChunks<Id, Row>(ids: readonly Id[], select: (chunk: Id[]) => Promise<Row[]>): Promise<Row[]> {
  const queries: Promise<Row[]>[] = [];
  for (let start = 0; start < ids.length; start += idsPerQueryMax) queries.push(select(ids.slice(start, start + idsPerQueryMax)));
  return (await Promise.all(queries)).flat();
}
