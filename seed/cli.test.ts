import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript, type ScriptOutcome } from "../test/run-script.ts";
import { defaultSeedOptions } from "./dataset.ts";
import { writeDataset } from "./write.ts";

const cli = join(import.meta.dirname, "cli.ts");

/** Runs `npm run seed`'s entry point as a user would, and reports how it ended. */
const seed = (...args: string[]): Promise<ScriptOutcome> => runScript(cli, args);

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "seed-cli-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("npm run seed", () => {
  it("writes a dataset and prints its table; a second run replaces the first", async () => {
    const out = join(scratch, "ok");
    const first = await seed("--months", "1", "--companies", "2", "--out", out);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Hamilton Coffee Co\.\s+retail\s+28\s+7/);
    expect(first.stdout).toMatch(/^total\s+\d+\s+\d+$/m);
    // Not a terminal here: plain progress lines instead of a bar.
    expect(first.stderr).toContain("seed: generating Hamilton Coffee Co. (1/2)");
    expect(first.stderr).not.toContain("\r");

    const again = await seed("--months", "1", "--companies", "1", "--out", out);
    expect(again.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(["companies.json", "hamilton-coffee-co"]);
  });

  it.each([
    [["--sed", "1"], /Unknown option '--sed'/],
    [["--months", "twelve"], /--months must be a whole number, not "twelve"/],
    [["--months", "0"], /--months must be a whole number from 1 to 120, not 0/],
    [["--months", "1.5"], /--months must be a whole number/],
    [["--companies", "501"], /--companies must be a whole number from 1 to 500/],
    [["--scale", "0.5"], /--scale must be a number from 1 to 10000, not 0.5/],
    [["--scale", "10000", "--months", "12"], /--scale 10000 over 12 months would give Hamilton Coffee Co\. 3,300,000 transactions; one company can have at most 1,000,000/],
    [["--months", "2", "--months", "3"], /--months is given twice/],
    [["--seed", "99999999999999999999"], /--seed is too large: 99999999999999999999/],
    [["--start", "1999-12"], /--start and --months must keep the period within 2000-2099/],
    [["--start", "2099-06", "--months", "12"], /--start and --months must keep the period within 2000-2099/],
    [["--scale=-2"], /--scale must be a number, not "-2"/],
    [["--scale", "NaN"], /--scale must be a number, not "NaN"/],
    [["--scale", "-2"], /Option '--scale' argument is ambiguous/],
    [["--scale", "1e3"], /--scale must be a number, not "1e3"/],
    [["--seed", "4294967296"], /--seed must be a whole number from 0 to 4294967295/],
    [["--start", "2025-13"], /--start must be a month as YYYY-MM/],
    [["stray"], /Unexpected argument 'stray'/],
  ])("refuses %j with a clear message, a usage text and exit code 2", async (args, message) => {
    const result = await seed(...args, "--out", join(scratch, "never"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("Usage: npm run seed");
    await expect(readdir(join(scratch, "never"))).rejects.toThrow();
  });

  it("refuses an output folder it cannot write, with exit code 1", async () => {
    const file = join(scratch, "a-file");
    await writeFile(file, "not a folder");
    const result = await seed("--months", "1", "--companies", "1", "--out", join(file, "out"));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^seed: cannot create .*a-file\/out: part of that path is a file/m);
  });

  it("refuses to replace a folder it did not write, and leaves it as it was", async () => {
    const precious = join(scratch, "precious");
    await mkdir(precious);
    await writeFile(join(precious, "notes.txt"), "mine");
    const result = await seed("--months", "1", "--companies", "1", "--out", precious);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("is not empty and was not written by this generator");
    expect(await readdir(precious)).toEqual(["notes.txt"]);
    expect(await readFile(join(precious, "notes.txt"), "utf8")).toBe("mine");
  });
});

describe("npm run seed, as a command among others", () => {
  it("resolves a relative --out against the folder the user ran npm from", async () => {
    const result = await runScript(cli, ["--months", "1", "--companies", "1", "--out", "relative-out"], { ...process.env, INIT_CWD: scratch });
    expect(result.stdout).toContain(`Wrote ${join(scratch, "relative-out")}`);
    expect(await readdir(join(scratch, "relative-out"))).toContain("companies.json");
  });

  it("refuses to write where another live run holds the lock, and takes over a dead run's lock", async () => {
    const out = join(scratch, "locked");
    await writeFile(join(scratch, ".locked.lock"), `${process.pid}\n`);
    const refused = await seed("--months", "1", "--companies", "1", "--out", out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`another run (pid ${process.pid}) is writing ${out}`);
    await expect(readdir(out)).rejects.toThrow();

    // No process has pid 2^22 + 1 on Linux: a lock left by a run that is gone.
    await writeFile(join(scratch, ".locked.lock"), "4194305\n");
    expect((await seed("--months", "1", "--companies", "1", "--out", out)).code).toBe(0);
    expect((await readdir(scratch)).filter((name) => name.includes("locked"))).toEqual(["locked"]);
  });

  it("can be imported without starting a run", async () => {
    const { parseSeedArgs } = await import("./cli.ts");
    expect(parseSeedArgs(["--months", "2"])).toMatchObject({ options: { months: 2, seed: 42 } });
    expect(process.exitCode).toBeUndefined();
  });
});

describe("npm run seed, interrupted", () => {
  it("removes what it staged on Ctrl-C and exits 130, leaving no output folder", async () => {
    const out = join(scratch, "interrupted");
    const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", cli, "--scale", "40", "--out", out]);
    let stderr = "";
    child.stderr.setEncoding("utf8");
    const started = new Promise<void>((resolve) => {
      child.stderr.on("data", (chunk: string) => {
        stderr += chunk;
        if (stderr.includes("(2/5)")) resolve();
      });
    });
    await started;
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGINT");
    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain("interrupted; nothing was written");
    expect((await readdir(scratch)).filter((name) => name.includes("interrupted"))).toEqual([]);
  });
});

describe("writeDataset when a run fails part-way", () => {
  it("leaves no half-written folder, and an earlier complete output untouched", async () => {
    const out = join(scratch, "atomic");
    await writeDataset({ ...defaultSeedOptions, months: 1, companies: 2 }, out);
    const before = await readFile(join(out, "companies.json"), "utf8");

    const failing = writeDataset({ ...defaultSeedOptions, months: 2, companies: 3 }, out, (progress) => {
      if (progress.companiesDone === 2) throw new Error("interrupted");
    });
    await expect(failing).rejects.toThrow("interrupted");
    expect(await readFile(join(out, "companies.json"), "utf8")).toBe(before);
    expect((await readdir(out)).sort()).toEqual(["cincy-web-builders", "companies.json", "hamilton-coffee-co"]);
    // Nothing of the failed run is left beside it.
    expect((await readdir(scratch)).filter((name) => name.includes("atomic"))).toEqual(["atomic"]);

    const fresh = join(scratch, "fresh");
    const interrupted = writeDataset({ ...defaultSeedOptions, months: 1 }, fresh, () => {
      throw new Error("interrupted");
    });
    await expect(interrupted).rejects.toThrow();
    expect((await readdir(scratch)).filter((name) => name.includes("fresh"))).toEqual([]);
  });
});
