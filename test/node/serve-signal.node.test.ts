/**
 * `npm run serve` under a supervisor that signals only the process it
 * started (a container whose command is `npm run serve`): SIGTERM to npm
 * must reach the server. Through `sh -c`, npm's signal stopped the shell
 * and left the server running, still holding its port and its database.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { freePort } from "../../bench/pilot.ts";

const directory = mkdtempSync(join(tmpdir(), "bookkeeper-serve-signal-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function answersHealth(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

it("stops the server when npm, not the server, is sent SIGTERM", async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${join(directory, "books.db")}`, ADMIN_TOKEN: "serve-signal-admin", LLM_PROVIDER: "off" };
  const npm = spawn("npm", ["run", "--silent", "serve"], { cwd: join(import.meta.dirname, "..", ".."), env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  npm.stdout.on("data", (chunk: Uint8Array) => (output += new TextDecoder().decode(chunk)));
  const exited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
  try {
    expect(await until(() => answersHealth(url), 50_000), output).toBe(true);
    npm.kill("SIGTERM");
    await exited;
    expect(await until(async () => !(await answersHealth(url)), 10_000), "the server still answers after npm was stopped").toBe(true);
    expect(output).toMatch(/SIGTERM: stopped in [\d.]+ s, every request answered, database closed and checkpointed\./);
  } finally {
    npm.kill("SIGKILL");
  }
});
