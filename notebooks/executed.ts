/**
 * What an executed notebook (nbformat 4) holds: the errors its cells raised
 * and the charts they drew. Pure: the notebook's JSON in, findings out. The
 * runner judges a run by these, not by the executor's exit status alone.
 */

interface Output {
  output_type: string;
  ename?: string;
  evalue?: string;
  data?: Record<string, string | string[]>;
}

interface Cell {
  cell_type: string;
  source?: string | string[];
  outputs?: Output[];
  execution_count?: number | null;
}

export interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string } };
}

export interface CellError {
  /** 1-based, counting every cell, as Jupyter's interfaces number them. */
  cell: number;
  name: string;
  message: string;
}

export interface ChartOutput {
  cell: number;
  /** The image's text alternative: a chart's title. */
  title: string;
  /** Base64, as the notebook stores it. */
  png: string;
}

/** A MIME bundle's value is a string or a list of lines. */
const text = (value: string | string[] | undefined): string => (Array.isArray(value) ? value.join("") : (value ?? ""));

// A cell's error names and messages can carry the kernel's terminal colours.
// eslint-disable-next-line no-control-regex -- the escape character is what is being removed
const withoutColours = (value: string): string => value.replace(/\u001b\[[0-9;]*m/g, "");

export function errorsOf(notebook: Notebook): CellError[] {
  return notebook.cells.flatMap((cell, index) =>
    (cell.outputs ?? []).filter((output) => output.output_type === "error").map((output) => ({ cell: index + 1, name: withoutColours(output.ename ?? "Error"), message: withoutColours(output.evalue ?? "") })),
  );
}

export function chartsOf(notebook: Notebook): ChartOutput[] {
  return notebook.cells.flatMap((cell, index) =>
    (cell.outputs ?? []).flatMap((output) => {
      const png = output.data?.["image/png"];
      return png === undefined ? [] : [{ cell: index + 1, title: text(output.data?.["text/plain"]).trim(), png: text(png).replace(/\s+/g, "") }];
    }),
  );
}

/** Whether a notebook is as it should be committed: no outputs, no execution counts. */
export function strippedOf(notebook: Notebook): boolean {
  return notebook.cells.every((cell) => cell.cell_type !== "code" || ((cell.outputs ?? []).length === 0 && cell.execution_count === null));
}

/** A file name for a chart: its place and its title, in lower-case words. */
export function chartFileName(chart: ChartOutput, index: number): string {
  const words = chart.title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${String(index + 1).padStart(2, "0")}-${words === "" ? "chart" : words}.png`;
}

/** Charts a notebook's cells ask to show (`show(chart(`), the count an executed copy must hold. */
export const chartsAskedOf = (notebook: Notebook): number =>
  notebook.cells.filter((cell) => cell.cell_type === "code").reduce((sum, cell) => sum + ([cell.source ?? ""].flat().join("").match(/\bshow\(chart\(/g) ?? []).length, 0);
