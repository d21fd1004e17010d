/**
 * The notebooks as committed, the reader of executed ones, and
 * `npm run notebooks` end to end: a chart comes out as a PNG, and a broken
 * cell makes the run exit non-zero.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { chartFileName, chartsAskedOf, chartsOf, errorsOf, strippedOf, type Notebook } from "./executed.ts";
import { runScript, type ScriptOutcome } from "../test/run-script.ts";
import { parseNotebookArgs } from "./run.ts";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const folder = join(root, "notebooks");
const committed = readdirSync(folder).filter((name) => name.endsWith(".ipynb")).sort();
const read = (path: string): Notebook => JSON.parse(readFileSync(path, "utf8")) as Notebook;

describe("the committed notebooks", () => {
  it("are the four the product names", () => {
    expect(committed).toEqual(["01-simulated-companies.ipynb", "02-pilot.ipynb", "03-training-dataset.ipynb", "04-receipts.ipynb"]);
  });

  it.each(committed)("%s runs on the Deno kernel, has its outputs stripped, and draws with the project's own modules", (name) => {
    const notebook = read(join(folder, name));
    expect(notebook.metadata.kernelspec?.name).toBe("deno");
    expect(strippedOf(notebook)).toBe(true);
    const code = notebook.cells.filter((cell) => cell.cell_type === "code").map((cell) => [cell.source ?? ""].flat().join(""));
    expect(code.join("\n")).toContain('from "./chart.ts"');
    // Every chart is shown explicitly, so the runner knows how many to expect.
    expect(chartsAskedOf(notebook)).toBeGreaterThan(0);
    expect(code.join("\n")).not.toMatch(/^chart\(/m);
    // Nothing from a CDN, jsr or the network: npm packages come from node_modules.
    expect(code.join("\n")).not.toMatch(/https?:|jsr:|npm:/);
  });
});

const output = (output_type: string, fields: Record<string, unknown>): Record<string, unknown> => ({ output_type, ...fields });
const executed: Notebook = {
  metadata: { kernelspec: { name: "deno" } },
  cells: [
    { cell_type: "markdown" },
    { cell_type: "code", outputs: [output("stream", { name: "stdout", text: "hi" })] },
    { cell_type: "code", outputs: [output("execute_result", { data: { "image/png": "iVBO\nRw0=", "text/plain": ["Tiers, ", "by month"] } })] },
    { cell_type: "code", outputs: [output("error", { ename: "\u001b[31mTypeError\u001b[0m", evalue: "x is not a function" })] },
  ] as Notebook["cells"],
};

describe("an executed notebook, read", () => {
  it("names each failed cell by its number, without the kernel's colours", () => {
    expect(errorsOf(executed)).toEqual([{ cell: 4, name: "TypeError", message: "x is not a function" }]);
  });

  it("finds each chart with its title, its base64 in one piece", () => {
    expect(chartsOf(executed)).toEqual([{ cell: 3, title: "Tiers, by month", png: "iVBORw0=" }]);
    expect(chartFileName({ cell: 3, title: "Who decided: rules & the LLM?", png: "" }, 0)).toBe("01-who-decided-rules-the-llm.png");
    expect(chartFileName({ cell: 3, title: "", png: "" }, 11)).toBe("12-chart.png");
  });

  it("counts the charts a notebook asks to show", () => {
    const asking = { ...executed, cells: [{ cell_type: "code", source: ["await show(chart({ title: 'a' }));\n", "await show(chart({ title: 'b' }));"] }, { cell_type: "markdown", source: "show(chart(" }] };
    expect(chartsAskedOf(asking)).toBe(2);
  });

  it("tells a stripped notebook from an executed one", () => {
    expect(strippedOf(executed)).toBe(false);
    expect(strippedOf({ ...executed, cells: [{ cell_type: "code", outputs: [], execution_count: null }] })).toBe(true);
    expect(strippedOf({ ...executed, cells: [{ cell_type: "code", outputs: [], execution_count: 3 }] })).toBe(false);
  });
});

describe("npm run notebooks' flags", () => {
  it("runs every notebook in order into reports/notebooks by default", () => {
    expect(parseNotebookArgs([], "/home/me")).toEqual({ notebooks: committed.map((name) => join(folder, name)), out: "/home/me/reports/notebooks", seed: null, timeoutSeconds: 900 });
    expect(parseNotebookArgs(["notebooks/02-pilot.ipynb", "--seed", "7", "--out", "/tmp/nb"], root)).toMatchObject({ notebooks: [join(folder, "02-pilot.ipynb")], out: "/tmp/nb", seed: 7 });
  });

  it.each([
    [["README.md"], /is not a notebook/],
    [["missing.ipynb"], /missing\.ipynb does not exist/],
    [["--seed", "-1"], /ambiguous|--seed must be a whole number/],
    [["--seed", "4294967296"], /--seed must be a whole number from 0 to 4294967295/],
    [["--timeout", "0"], /--timeout must be at least 1 second/],
    [["--out", ""], /--out needs a folder/],
    [["--colour"], /Unknown option '--colour'/],
  ])("refuses %j", (args, message) => {
    expect(() => parseNotebookArgs(args, root)).toThrow(message);
  });
});

const nbconvertInstalled = spawnSync("jupyter-nbconvert", ["--version"]).status === 0;
if (!nbconvertInstalled) console.warn("jupyter-nbconvert is not installed: npm run notebooks is not run end to end (apt-get install jupyter-nbconvert python3-nbclient)");

// Under the project, so that Deno finds its package.json and node_modules, as it does for notebooks/.
mkdirSync(join(root, "reports"), { recursive: true });
const scratch = mkdtempSync(join(root, "reports", ".notebooks-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function notebook(name: string, cells: string[]): string {
  const path = join(scratch, `${name}.ipynb`);
  const json = {
    cells: cells.map((source, index) => ({ cell_type: "code", id: `c${index}`, execution_count: null, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(path, JSON.stringify(json));
  return path;
}

const runNotebooks = (args: string[]): Promise<ScriptOutcome> => runScript(join(root, "notebooks", "run.ts"), args, { ...process.env, INIT_CWD: root });

describe.skipIf(!nbconvertInstalled)("npm run notebooks, end to end", () => {
  it("executes a notebook headless with the seed it is given, and keeps its chart as a PNG", async () => {
    const drawing = notebook("drawing", [
      'import { chart, Plot, show } from "../../notebooks/chart.ts";',
      'console.log(`seed ${Deno.env.get("BOOKKEEPER_SEED")}`);',
      'await show(chart({ title: "Bars", marks: [Plot.barY([3, 1, 2])] }));',
    ]);
    const out = join(scratch, "out-ok");
    const run = await runNotebooks(["--out", out, "--seed", "7", drawing]);
    expect(run.stderr).toMatch(/notebooks: 1\/1 drawing: ok in [\d.]+s, 1 chart/);
    expect(run.code, run.stderr).toBe(0);
    const result = read(join(out, "drawing.ipynb"));
    expect(JSON.stringify(result.cells[1])).toContain("seed 7");
    expect(chartsOf(result).map((chart) => chart.title)).toEqual(["Bars"]);
    const png = readFileSync(join(out, "drawing", "01-bars.png"));
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  });

  it("exits non-zero when a cell fails or a notebook draws nothing, and says which", async () => {
    const broken = notebook("broken", ["const ready = 1;", 'throw new Error("broken on purpose");', "ready + 1"]);
    const plain = notebook("plain", ["1 + 1"]);
    const out = join(scratch, "out-broken");
    const run = await runNotebooks(["--out", out, broken, plain]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("broken: FAILED");
    expect(run.stderr).toContain("cell 2: Error: broken on purpose");
    expect(run.stderr).toContain("plain: FAILED");
    expect(run.stderr).toContain("drew no chart");
    expect(run.stderr).toContain("notebooks: 2 of 2 failed: broken, plain");
    // The executed copy is kept, error and all, for the reader.
    expect(errorsOf(read(join(out, "broken.ipynb")))).toHaveLength(1);
  });
});
