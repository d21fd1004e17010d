/** Faults as people read them: grouped by kind, each with a request to replay. */
import type { Fault, FuzzSummary } from "./runner.ts";
import type { ConcreteRequest } from "./world.ts";

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");

/** A body as text when it is UTF-8, else as hex: a reproduction must say exactly which bytes went. */
function printable(bytes: Uint8Array): string {
  const more = bytes.length > 400 ? `… (${bytes.length} bytes)` : "";
  try {
    return JSON.stringify(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes.slice(0, 400)) + more);
  } catch {
    return `<hex ${hex(bytes.slice(0, 400))}${more}>`;
  }
}

/** The request, written so it can be replayed by hand. */
export function describeRequest(sent: ConcreteRequest): string {
  const headers = Object.entries(sent.headers).map(([name, value]) => ` -H ${JSON.stringify(`${name}: ${value}`)}`).join("");
  const type = sent.body?.contentType === undefined ? "" : ` -H ${JSON.stringify(`content-type: ${sent.body.contentType}`)}`;
  const body = sent.body === undefined ? "" : ` --data-binary ${printable(sent.body.bytes)}`;
  return `${sent.method} ${sent.path} [auth: ${sent.auth}]${headers}${type}${body}`;
}

/** One fault per kind: the same reason on the same operation is one bug. */
export function distinctFaults(faults: readonly Fault[]): Fault[] {
  const seen = new Map<string, Fault>();
  for (const fault of faults) {
    const key = `${fault.request?.method ?? ""} ${fault.request?.template ?? ""} ${fault.reason.replace(/\d+/g, "#")}`;
    if (!seen.has(key)) seen.set(key, fault);
  }
  return [...seen.values()];
}

export function describeFault(fault: Fault): string {
  const request = fault.request === undefined ? "" : `\n    request: ${describeRequest(fault.request)}`;
  const answer = fault.answer === "" ? "" : `\n    answer: ${fault.answer.slice(0, 300)}`;
  return `  - ${fault.reason}${request}${answer}`;
}

export function describeSummary(summary: FuzzSummary): string {
  const counts = Object.entries(summary.statusCounts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}: ${count}`)
    .join(", ");
  const distinct = distinctFaults(summary.faults);
  const lines = [`seed ${summary.seed}: ${summary.tried} requests tried`, `statuses: ${counts}`, `faults: ${summary.faults.length} (${distinct.length} distinct)`];
  return [...lines, ...distinct.map(describeFault)].join("\n");
}

/** Per operation, its statuses: where the run got through, and where it only bounced. */
export function describeCoverage(summary: FuzzSummary): string {
  return Object.entries(summary.byOperation)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([operation, counts]) => `  ${operation}  ${Object.entries(counts).map(([status, n]) => `${status}×${n}`).join(" ")}`)
    .join("\n");
}
