/**
 * Crash safety, proven on the embedded host as a process: `npm run serve` killed with SIGKILL
 * in the middle of a 100,000-row import leaves the import whole or absent and the books
 * balanced, and the same file again adds exactly what is missing; SIGTERM answers the request
 * in flight, copies the WAL into the database file and exits 0; past SHUTDOWN_GRACE_MS the
 * request is cut, and the books are still whole.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { bigStatement } from "../../bench/ingest.ts";
import { headAndRows, importFile, importsListed, importsPath, openBooks, transactionCount, trialBalance, type Books, type ImportAnswer } from "./books.ts";
import { stalledUpload, startServer, upload, walBytes, type ServerProcess } from "./server-process.ts";

const folder = mkdtempSync(join(tmpdir(), "bookkeeper-crash-"));
const started: ServerProcess[] = [];
afterEach(() => {
  // A test that failed midway leaves no server behind.
  for (const server of started.splice(0)) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The 100,000-row file is about 11 MB: over the 10 MiB default. */
const bigImportEnv = { IMPORT_MAX_BYTES: String(32 * 1024 * 1024), UPLOADS_IN_FLIGHT_MAX_BYTES: String(64 * 1024 * 1024) };

async function serve(path: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServer(path, { ...bigImportEnv, ...env });
  started.push(server);
  return server;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (briefly) for the checkpointer to empty the WAL, so that growth afterwards is the import's own writing. */
async function quietWal(path: string): Promise<number> {
  for (let tries = 0; tries < 50 && walBytes(path) > 0; tries++) await sleep(50);
  return walBytes(path);
}

interface Landing {
  /** Milliseconds from the last byte sent to the kill. */
  afterSentMs: number;
  walBytesAtKill: number;
  answeredBeforeKill: boolean;
}

/**
 * Kills the server once the import starts writing its batch (the WAL grows past `walBefore`),
 * or, should the answer come first, right after it: either way the assertions must hold.
 */
async function killMidImport(server: ServerProcess, path: string, sent: Promise<void>, answered: Promise<unknown>, walBefore: number): Promise<Landing> {
  const seen = { answer: false };
  void answered.then(
    () => (seen.answer = true),
    () => undefined,
  );
  await sent;
  const sentAt = performance.now();
  while (!seen.answer && walBytes(path) <= walBefore && performance.now() - sentAt < 120_000) await sleep(2);
  const walBytesAtKill = walBytes(path);
  server.child.kill("SIGKILL");
  const afterSentMs = Math.round(performance.now() - sentAt);
  await server.exited;
  return { afterSentMs, walBytesAtKill, answeredBeforeKill: seen.answer };
}

async function expectBalanced(server: ServerProcess, books: Books): Promise<void> {
  const balance = await trialBalance(server.url, books);
  expect(balance.balanced).toBe(true);
  expect(balance.totals.debitMinor).toBe(balance.totals.creditMinor);
}

describe("the Node host, killed and stopped", () => {
  it("SIGKILL during a 100,000-row import leaves it whole or absent, and the same file again adds exactly the missing rows", async () => {
    const path = join(folder, "killed.db");
    const file = bigStatement(100_000);
    const head = headAndRows(file, 1_000);
    let server = await serve(path);
    const books = await openBooks(server.url, server.adminToken, "Crash Co");
    // The file's first thousand rows are already in the books: the re-upload must count them as duplicates.
    expect((await importFile(server.url, books, head)).body.imports[0]?.rows.inserted).toBe(1_000);
    const walBefore = await quietWal(path);

    const big = upload<ImportAnswer>(server.url, books.apiKey, importsPath(books), file);
    const landing = await killMidImport(server, path, big.sent, big.answer, walBefore);
    const cutAnswer = await big.answer.then((answer) => answer.status, (error: unknown) => (error as Error).message);

    server = await serve(path);
    const afterCrash = await transactionCount(server.url, books);
    const committed = afterCrash === 100_000;
    console.log(
      `crash test: SIGKILL ${landing.afterSentMs} ms after the upload was sent, WAL ${landing.walBytesAtKill} bytes at the kill, ` +
        `${landing.answeredBeforeKill ? "after the answer" : `before any answer (client saw: ${cutAnswer})`}; ` +
        `after restart: ${afterCrash} transactions, import ${committed ? "whole" : "absent"}`,
    );
    // Whole or absent: the thousand rows before it, or all of the file's rows.
    expect([1_000, 100_000]).toContain(afterCrash);
    expect((await importsListed(server.url, books)).map((listed) => listed.rows.inserted).sort((a, b) => a - b)).toEqual(committed ? [1_000, 99_000] : [1_000]);
    await expectBalanced(server, books);

    const again = await importFile(server.url, books, file);
    const rows = again.body.imports[0]?.rows;
    if (committed) {
      expect({ status: again.status, importStatus: again.body.imports[0]?.status }).toEqual({ status: 200, importStatus: "already_imported" });
    } else {
      expect({ status: again.status, inserted: rows?.inserted, duplicate: rows?.duplicate }).toEqual({ status: 201, inserted: 99_000, duplicate: 1_000 });
    }
    expect(await transactionCount(server.url, books)).toBe(100_000);
    await expectBalanced(server, books);
    server.child.kill("SIGTERM");
    expect(await server.exited, server.output()).toEqual({ code: 0, signal: null });
    // Two 100,000-row imports on a busy two-core machine: the limit is a safety net, not a speed test.
  }, 300_000);

  it("SIGTERM answers the import in flight, checkpoints the WAL and exits 0", async () => {
    const path = join(folder, "stopped.db");
    const server = await serve(path, { SHUTDOWN_GRACE_MS: "60000" });
    const books = await openBooks(server.url, server.adminToken, "Stop Co");
    const file = bigStatement(10_000);
    const inFlight = upload<ImportAnswer>(server.url, books.apiKey, importsPath(books), file);
    await inFlight.sent;
    await sleep(200);
    server.child.kill("SIGTERM");

    const answer = await inFlight.answer;
    expect({ status: answer.status, inserted: answer.body.imports[0]?.rows.inserted }).toEqual({ status: 201, inserted: 10_000 });
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/SIGTERM: stopped in [\d.]+ s, every request answered, database closed and checkpointed\./);
    expect(walBytes(path)).toBe(0);

    // After a restart the answered import is there, whole.
    const restarted = await serve(path);
    expect(await transactionCount(restarted.url, books)).toBe(10_000);
    await expectBalanced(restarted, books);
    restarted.child.kill("SIGTERM");
    expect((await restarted.exited).code).toBe(0);
  });

  it("past SHUTDOWN_GRACE_MS cuts the request still in flight, and still leaves the books whole and the WAL empty", async () => {
    const path = join(folder, "cut.db");
    const server = await serve(path, { SHUTDOWN_GRACE_MS: "1000" });
    const books = await openBooks(server.url, server.adminToken, "Cut Co");
    await importFile(server.url, books, bigStatement(500));
    // Half a file, and then nothing: a request no grace sees finish.
    const stalled = stalledUpload(server.url, books.apiKey, importsPath(books), bigStatement(5_000));
    await stalled.halfSent;
    server.child.kill("SIGTERM");

    await expect(stalled.answer).rejects.toThrow();
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/SIGTERM: stopped in [\d.]+ s, 1 connection\(s\) cut past the grace, their requests unanswered, database closed and checkpointed\./);
    expect(walBytes(path)).toBe(0);

    const restarted = await serve(path);
    expect(await transactionCount(restarted.url, books)).toBe(500);
    await expectBalanced(restarted, books);
    restarted.child.kill("SIGTERM");
    expect((await restarted.exited).code).toBe(0);
  });
});
