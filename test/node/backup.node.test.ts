/**
 * `npm run backup` on a live server that keeps importing, then `npm run restore` into a new
 * file and a server on it: the restored books balance, and they are a consistent prefix of
 * the live ones (every import in them whole, the counts the backup printed).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { bigStatement } from "../../bench/ingest.ts";
import { runScript } from "../run-script.ts";
import { importFile, importsListed, openBooks, transactionCount, trialBalance, type Books } from "./books.ts";
import { startServer, type ServerProcess } from "./server-process.ts";

const folder = mkdtempSync(join(tmpdir(), "bookkeeper-backup-live-"));
const started: ServerProcess[] = [];
afterEach(() => {
  for (const server of started.splice(0)) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const root = join(import.meta.dirname, "..", "..");
const backupCli = join(root, "src", "node", "backup-cli.ts");
const restoreCli = join(root, "src", "node", "restore-cli.ts");
const envFor = (path: string): NodeJS.ProcessEnv => ({ ...process.env, DATABASE_URL: `file:${path}` });

async function serve(path: string): Promise<ServerProcess> {
  const server = await startServer(path);
  started.push(server);
  return server;
}

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill("SIGTERM");
  expect((await server.exited).code).toBe(0);
}

interface Printed {
  imports: number;
  transactions: number;
  journalEntries: number;
}

/** The counts the CLI's one line reports. */
function printedCounts(line: string): Printed {
  const match = /(\d+) companies, (\d+) imports, (\d+) transactions, (\d+) journal entries/.exec(line);
  if (match === null) throw new Error(`no counts in: ${line}`);
  return { imports: Number(match[2]), transactions: Number(match[3]), journalEntries: Number(match[4]) };
}

/** Imports a file of a different size each time (so new rows each time) until told to stop; how many it sent. */
async function keepImporting(url: string, books: Books, until: { stop: boolean }): Promise<number> {
  let sent = 0;
  for (let size = 500; !until.stop; size += 37) {
    const answer = await importFile(url, books, bigStatement(size));
    expect(answer.status).toBe(201);
    sent++;
  }
  return sent;
}

describe("npm run backup and npm run restore", () => {
  it("back up a server while it imports, and restore a consistent prefix of its books", async () => {
    const live = join(folder, "live.db");
    const server = await serve(live);
    const books = await openBooks(server.url, server.adminToken, "Backup Co");
    const until = { stop: false };
    const writing = keepImporting(server.url, books, until);

    // Two backups taken while the imports keep coming; the second one is restored.
    const backup = join(folder, "second.db");
    let second: Awaited<ReturnType<typeof runScript>>;
    try {
      const first = await runScript(backupCli, ["--out", join(folder, "first.db")], envFor(live));
      expect(first, first.stderr).toMatchObject({ code: 0 });
      second = await runScript(backupCli, ["--out", backup], envFor(live));
      expect(second, second.stderr).toMatchObject({ code: 0 });
    } finally {
      until.stop = true;
    }
    const importsSent = await writing;
    expect(second.stdout.startsWith(`Backed up to ${backup}: `)).toBe(true);
    expect(second.stdout).toMatch(/: \d+ bytes, 1 companies, \d+ imports, \d+ transactions, \d+ journal entries, migrations up to \d{4}_\w+\.sql; integrity_check ok\n$/);
    const inBackup = printedCounts(second.stdout);
    console.log(`backup test: ${importsSent} imports sent while backing up; the backup holds ${inBackup.imports} imports, ${inBackup.transactions} transactions, ${inBackup.journalEntries} journal entries`);

    // The same file again is refused; and a restore over the running server's books is refused.
    expect(await runScript(backupCli, ["--out", backup], envFor(live))).toMatchObject({ code: 1, stderr: `Refusing: ${backup} already exists; pass --force to replace it.\n` });
    expect(await runScript(restoreCli, ["--from", backup, "--force"], envFor(live))).toMatchObject({ code: 1, stderr: `Refusing: ${live} is in use (is the server running?); stop it, then restore.\n` });
    const liveTransactions = await transactionCount(server.url, books);
    await stop(server);

    const restoredPath = join(folder, "restored.db");
    const restore = await runScript(restoreCli, ["--from", backup], envFor(restoredPath));
    expect(restore, restore.stderr).toMatchObject({ code: 0 });
    expect(printedCounts(restore.stdout)).toEqual(inBackup);

    const restored = await serve(restoredPath);
    const imports = await importsListed(restored.url, books);
    const transactions = await transactionCount(restored.url, books);
    // A prefix: what the backup said, no more than the live books held, and every import whole.
    expect({ imports: imports.length, transactions }).toEqual({ imports: inBackup.imports, transactions: inBackup.transactions });
    expect(transactions).toBeLessThanOrEqual(liveTransactions);
    expect(imports.reduce((sum, listed) => sum + listed.rows.inserted, 0)).toBe(transactions);
    const balance = await trialBalance(restored.url, books);
    expect(balance.balanced).toBe(true);
    expect(balance.totals.debitMinor).toBe(balance.totals.creditMinor);
    await stop(restored);
  });

  it("print their usage, and refuse what they do not know", async () => {
    expect(await runScript(backupCli, ["--help"])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: npm run backup -- --out FILE \[--force\]/) as unknown });
    expect(await runScript(restoreCli, ["--help"])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: npm run restore -- --from FILE \[--force\]/) as unknown });
    expect(await runScript(backupCli, ["--into", "x.db"])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^Backup failed: Unknown option '--into'/) as unknown });
    expect(await runScript(backupCli, [])).toMatchObject({ code: 1, stderr: "Refusing: say where the backup goes with --out FILE (see --help).\n" });
    expect(await runScript(restoreCli, [], { ...process.env, DATABASE_URL: "libsql://books.example.turso.io" })).toMatchObject({ code: 1, stderr: "Refusing: say which backup to restore with --from FILE (see --help).\n" });
    expect(await runScript(backupCli, ["--out", join(folder, "remote.db")], { ...process.env, DATABASE_URL: "libsql://books.example.turso.io" })).toMatchObject({
      code: 1,
      stderr: "Refusing: DATABASE_URL is not a local file (libsql://books.example.turso.io); a libSQL server (sqld, Turso) is backed up and restored with its provider's own tools.\n",
    });
  });
});
