import { d1Limits } from "./statement-limits.ts";

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
