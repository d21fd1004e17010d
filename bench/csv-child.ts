/** bench/csv.ts in a process of its own (so it can be pinned to a core): node bench/csv-child.ts <rows> <runs>; prints JSON. */
import { benchCsvRead } from "./csv.ts";

const [rows, runs] = process.argv.slice(2).map(Number);
process.stdout.write(`${JSON.stringify(benchCsvRead(rows ?? 100_000, runs ?? 15))}\n`);
