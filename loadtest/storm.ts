/**
 * Bad input under load: a storm of 10 MB uploads from many clients at once.
 * The host must stay up with bounded memory, answering each upload (taken,
 * refused as unreadable, or turned away with 429 or 413), never a 5xx or a
 * dropped connection. The files are random bytes the size of the default
 * limit, so the storm measures holding bodies, not booking them.
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import type { PreparedTenant, Target } from "./setup.ts";
import { importPath } from "./scenarios.ts";

export interface StormFigures {
  uploads: number;
  /** Answers by status: 201/200 taken, 422 unreadable, 429 turned away, 413 too large. */
  byStatus: Record<string, number>;
  /** Requests that got no answer (reset, refused, timed out). */
  unanswered: number;
  /** The host's peak resident memory (VmHWM), where it is a process of this machine. */
  peakRssMb: number | null;
}

/** Reads a process's high-water resident memory from /proc, in MB; null where there is no such file. */
export function peakRssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a process id this command started
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kilobytes = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kilobytes === undefined ? null : Math.round(Number(kilobytes) / 1024);
  } catch {
    return null;
  }
}

export async function runStorm(target: Target, tenants: readonly PreparedTenant[], options: { clients: number; durationSeconds: number; bytes: number; pid: number | undefined }): Promise<StormFigures> {
  // Noise: not a bank file, so each one taken in is refused as unreadable once read whole.
  const bytes = new Uint8Array(options.bytes);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (Math.imul(i, 2_654_435_761) >>> 13) & 0xff;
  // autocannon sends a Buffer as it is; Buffer's type is lost here (@cloudflare/workers-types beside @types/node).
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access
  const body: autocannon.Request["body"] = Buffer.from(bytes.buffer);
  const byStatus: Record<string, number> = {};
  let turn = 0;
  const result = await autocannon({
    url: target.url,
    connections: options.clients,
    duration: options.durationSeconds,
    timeout: 60,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const tenant = tenants[turn++ % tenants.length] as PreparedTenant;
          return { ...request, path: `${importPath(tenant)}?filename=storm.bin`, headers: { authorization: `Bearer ${tenant.apiKey}`, "content-type": "application/octet-stream" }, body };
        },
        onResponse: (status) => {
          byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
        },
      },
    ],
  });
  const uploads = Object.values(byStatus).reduce((sum, count) => sum + count, 0);
  return { uploads, byStatus, unanswered: result.errors + result.timeouts, peakRssMb: peakRssMb(options.pid) };
}
