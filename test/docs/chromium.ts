/**
 * Debian's headless Chromium, run as a process: the API reference is judged
 * in a real browser, not by reading its HTML. Missing, it is a failure that
 * says how to install it, never a skipped test.
 */
import { execFile } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The executable on PATH, or a failure naming the package to install. */
export function chromiumPath(): string {
  for (const directory of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(directory, "chromium");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory; try the next.
    }
  }
  throw new Error("chromium is not installed (no `chromium` on PATH): run `apt-get install chromium`; CI installs it in .ci/run");
}

export interface ChromiumRun {
  stdout: string;
  /** Chromium's log, where --enable-logging=stderr writes each console message as a CONSOLE line. */
  stderr: string;
}

/**
 * One headless run in a fresh profile. --no-sandbox because tests run as
 * root; the virtual time budget lets the page fetch the document and draw it
 * before Chromium dumps or shoots. The timeout is a safety net, not a measure.
 */
async function runChromium(pageFlags: readonly string[], url: string): Promise<ChromiumRun> {
  const profile = mkdtempSync(join(tmpdir(), "bookkeeper-chromium-"));
  const flags = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--enable-logging=stderr",
    "--v=0",
    `--user-data-dir=${profile}`,
    "--virtual-time-budget=10000",
    ...pageFlags,
    url,
  ];
  try {
    const { stdout, stderr } = await run(chromiumPath(), flags, { timeout: 150_000, maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The page's DOM after its scripts ran, as HTML. */
export function dumpDom(url: string): Promise<ChromiumRun> {
  return runChromium(["--dump-dom"], url);
}

/** A PNG of the page's first `width` x `height` pixels, written to `path`. */
export function screenshot(url: string, path: string, width: number, height: number): Promise<ChromiumRun> {
  return runChromium([`--screenshot=${path}`, `--window-size=${width},${height}`, "--hide-scrollbars"], url);
}

/** The console messages that mean the page is broken: a file blocked by the CSP, one that failed to load, an uncaught error. */
export function pageFailures(chromiumLog: string): string[] {
  return chromiumLog.split("\n").filter((line) => line.includes("CONSOLE") && /Content Security Policy|Failed to load resource|Uncaught/.test(line));
}
