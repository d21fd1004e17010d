/** One measurement in a process of its own (so it can be pinned to a core); prints JSON. */
import { benchIngest } from "./ingest.ts";
import { fakerRows } from "./peer-faker.ts";
import { generateInMemory } from "./seed.ts";

const [what, count] = process.argv.slice(2);
const n = Number(count);
const result = what === "faker" ? fakerRows(n) : what === "ingest" ? await benchIngest(n) : generateInMemory(n);
process.stdout.write(`${JSON.stringify(result)}\n`);
