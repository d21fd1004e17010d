/** What the command-line tools (seed, pilot) draw on a terminal: a progress bar and a table. */

/**
 * Whether to draw progress: on a terminal, and not in CI. CI runners often
 * give a pseudo-terminal, where a bar redrawn in place becomes thousands of
 * log lines; they all set CI (GitHub Actions, GitLab, CircleCI: CI=true).
 */
export function drawsProgress(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const ci = env.CI;
  const inCi = ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
  return stream.isTTY === true && !inCi;
}

export interface BarState {
  /** Of the whole run, 0 to 1. */
  share: number;
  /** Such as "2/5", shown after the percentage. */
  counter: string;
  label: string;
  /** Draw now even if the last redraw was a moment ago (a new step, or the end). */
  force?: boolean;
  done?: boolean;
}

/** Redraws one line in place; ends it with a newline when the run is done. */
export function progressBar(stream: NodeJS.WriteStream): (state: BarState) => void {
  const started = performance.now();
  let drawn = 0;
  return (state) => {
    const now = performance.now();
    // A terminal redraw costs more than it tells, ten times a second is plenty.
    if (!state.force && !state.done && now - drawn < 100) return;
    drawn = now;
    const width = 28;
    const filled = Math.round(Math.min(1, Math.max(0, state.share)) * width);
    const seconds = ((now - started) / 1000).toFixed(1);
    const line =
      `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.floor(state.share * 100)).padStart(3)}%  ` +
      `${state.counter}  ${seconds}s  ${state.label}`;
    const columns = stream.columns > 20 ? stream.columns - 1 : 79;
    stream.write(`\r${line.slice(0, columns).padEnd(columns)}`);
    if (state.done) stream.write("\n");
  };
}

/** Columns padded to their widest cell; numbers (and anything `alignRight` names) right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], alignRight: (column: number) => boolean): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (alignRight(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [format(header), ...rows.map(format)].join("\n");
}
