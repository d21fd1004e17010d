/** `npm run serve` as a child process on a given database file, for tests that kill it, stop it and start it again. */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { request as httpRequest, type ClientRequest } from "node:http";
import { join } from "node:path";
import { freePort } from "../../bench/pilot.ts";

const root = join(import.meta.dirname, "..", "..");
const serverScript = join(root, "src", "node", "server.ts");

export interface ServerProcess {
  url: string;
  adminToken: string;
  child: ChildProcess;
  /** What the process printed on stdout so far. */
  output(): string;
  /** Resolves with the exit code (null when a signal ended it) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm run serve exited with ${child.exitCode}: ${output()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("npm run serve did not answer /health within 30 s");
}

/** Starts the server on `databasePath` (created and migrated when new) and waits until it answers. */
export async function startServer(databasePath: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const adminToken = "crash-test-admin";
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", serverScript], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${databasePath}`, ADMIN_TOKEN: adminToken, LLM_PROVIDER: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  child.stdout.on("data", (chunk: Uint8Array) => (printed += new TextDecoder().decode(chunk)));
  child.stderr.on("data", (chunk: Uint8Array) => (printed += new TextDecoder().decode(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => printed);
  return { url, adminToken, child, output: () => printed, exited };
}

/** Size of the database's WAL, 0 when there is none. */
export const walBytes = (databasePath: string): number => (existsSync(`${databasePath}-wal`) ? statSync(`${databasePath}-wal`).size : 0);

export interface JsonAnswer<Body> {
  status: number;
  body: Body;
}

/** A JSON request with a bearer token; the body is JSON unless it is bytes. */
export async function callJson<Body>(url: string, token: string, method: string, path: string, body?: unknown): Promise<JsonAnswer<Body>> {
  const bytes = body instanceof Uint8Array;
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": bytes ? "text/csv" : "application/json" },
    body: body === undefined ? undefined : bytes ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Body };
}

export interface Upload<Body> {
  /** Resolves once the last byte of the body has been handed to the socket. */
  sent: Promise<void>;
  /** The answer; rejects when the connection ends without one. */
  answer: Promise<JsonAnswer<Body>>;
}

/** A POST of a bank file of `length` bytes on a connection of its own, its body left to the caller. */
const csvPost = (url: string, token: string, path: string, length: number): ClientRequest =>
  httpRequest(`${url}${path}`, { method: "POST", agent: false, headers: { authorization: `Bearer ${token}`, "content-type": "text/csv", "content-length": length } });

/** A raw upload through node:http, which (unlike fetch) says when the body has gone out. One connection, closed after. */
export function upload<Body>(url: string, token: string, path: string, bytes: Uint8Array): Upload<Body> {
  let markSent = (): void => {};
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const answer = new Promise<JsonAnswer<Body>>((resolve, reject) => {
    const outgoing = csvPost(url, token, path, bytes.length);
    outgoing.on("error", reject);
    outgoing.on("response", (incoming) => {
      const chunks: Uint8Array[] = [];
      incoming.on("data", (chunk: Uint8Array) => chunks.push(chunk));
      incoming.on("error", reject);
      incoming.on("end", () => {
        const text = new TextDecoder().decode(concat(chunks));
        try {
          resolve({ status: incoming.statusCode ?? 0, body: JSON.parse(text) as Body });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    outgoing.end(bytes, markSent);
  });
  return { sent, answer };
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.length;
  }
  return whole;
}

/** An upload that sends half its body and then waits: a request in flight that no grace will see finish. */
export function stalledUpload(url: string, token: string, path: string, bytes: Uint8Array): { halfSent: Promise<void>; answer: Promise<number> } {
  let markHalfSent = (): void => {};
  const halfSent = new Promise<void>((resolve) => (markHalfSent = resolve));
  const answer = new Promise<number>((resolve, reject) => {
    const outgoing = csvPost(url, token, path, bytes.length);
    outgoing.on("error", reject);
    outgoing.on("response", (incoming) => {
      incoming.resume();
      resolve(incoming.statusCode ?? 0);
    });
    outgoing.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => markHalfSent());
  });
  return { halfSent, answer };
}
