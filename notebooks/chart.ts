/**
 * Charts for the notebooks: an Observable Plot chart drawn into a linkedom
 * document (there is no browser in a kernel), with its title and colour
 * legend drawn as SVG too, then rasterized to PNG by resvg in DejaVu Sans
 * from npm. A PNG survives headless execution and shows on GitHub; nothing
 * loads from a CDN and no system font is asked for, so the same data gives
 * the same bytes on every machine.
 *
 * A Chart is its own Jupyter display. Notebooks show it with `await
 * show(chart(…))` rather than as a cell's last value: Deno's kernel (2.9)
 * now and then publishes a cell's result after telling Jupyter the cell is
 * done, and a headless executor then drops it.
 */
/* eslint-disable security/detect-non-literal-fs-filename -- save() writes where the notebook asks */
import { createRequire } from "node:module";
import { writeFile } from "node:fs/promises";
import * as Plot from "@observablehq/plot";
import { Resvg } from "@resvg/resvg-js";
import { parseHTML } from "linkedom";
import { bytesToBase64 } from "../src/shared/base64.ts";

const require = createRequire(import.meta.url);
const fontFiles = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((name) => require.resolve(`dejavu-fonts-ttf/ttf/${name}`));

/** The key Deno's Jupyter kernel (and the display.js convention) looks up on a value to show it richly. */
const jupyterDisplay = Symbol.for("Jupyter.display");

export interface ChartOptions extends Omit<Plot.PlotOptions, "title" | "subtitle" | "caption" | "document"> {
  /** Drawn above the chart, and the image's text alternative. */
  title: string;
  subtitle?: string;
}

export interface Chart {
  title: string;
  svg: string;
  png: Uint8Array;
  /** Writes the PNG, for a README or a report. */
  save(path: string): Promise<void>;
  [jupyterDisplay](): Record<string, string>;
}

const escapeXml = (text: string): string => text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c] ?? c);

/** What this module uses of the element Plot draws into linkedom: the lib has no DOM types here. */
interface DrawnPlot extends Pick<Plot.Plot, "scale"> {
  tagName: string;
  outerHTML: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}

const lineHeight = { title: 22, subtitle: 18, legend: 20 };
const margin = 12;

/** The colour scale's swatches, in rows that fit the width: Plot draws ordinal legends as HTML, which no rasterizer reads. */
function legendSvg(plot: DrawnPlot, width: number): { markup: string; height: number } {
  const scale = plot.scale("color");
  if (scale?.domain === undefined || scale.range === undefined || !["ordinal", "categorical"].includes(String(scale.type))) return { markup: "", height: 0 };
  const range = [...scale.range] as string[];
  const items = [...scale.domain].map((value, index) => ({ label: String(value), color: range[index % range.length] ?? "black" }));
  let x = margin;
  let row = 0;
  const parts: string[] = [];
  for (const item of items) {
    // DejaVu Sans at 11 px averages about 6.5 px a character.
    const itemWidth = 18 + item.label.length * 6.5 + 14;
    if (x + itemWidth > width - margin && x > margin) {
      x = margin;
      row += 1;
    }
    const y = row * lineHeight.legend;
    parts.push(`<rect x="${x}" y="${y + 4}" width="12" height="12" fill="${escapeXml(item.color)}"/>`);
    parts.push(`<text x="${x + 17}" y="${y + 14}" font-size="11">${escapeXml(item.label)}</text>`);
    x += itemWidth;
  }
  return { markup: parts.join(""), height: items.length === 0 ? 0 : (row + 1) * lineHeight.legend + 6 };
}

/** Draws the chart: title, subtitle and legend stacked above Plot's own SVG, all in one SVG document. */
export function chart(options: ChartOptions): Chart {
  const { title, subtitle, ...plotOptions } = options;
  // linkedom's types name DOM interfaces this project's lib does not have.
  const { document } = parseHTML("<!DOCTYPE html><html><body></body></html>") as unknown as { document: unknown };
  const wantsLegend = typeof plotOptions.color === "object" && plotOptions.color.legend === true;
  const color = typeof plotOptions.color === "object" ? { ...plotOptions.color, legend: false } : plotOptions.color;
  const plotted = Plot.plot({ ...plotOptions, color, document }) as unknown as DrawnPlot;
  if (plotted.tagName.toLowerCase() !== "svg") throw new Error("the chart drew HTML, which cannot be rasterized: leave out legends other than the colour legend");
  const width = Number(plotted.getAttribute("width"));
  const height = Number(plotted.getAttribute("height"));
  plotted.setAttribute("xmlns", "http://www.w3.org/2000/svg");

  let top = margin;
  const header: string[] = [`<text x="${margin}" y="${top + 15}" font-size="16" font-weight="bold">${escapeXml(title)}</text>`];
  top += lineHeight.title;
  if (subtitle !== undefined) {
    header.push(`<text x="${margin}" y="${top + 13}" font-size="12" fill="#555">${escapeXml(subtitle)}</text>`);
    top += lineHeight.subtitle;
  }
  const legend = wantsLegend ? legendSvg(plotted, width) : { markup: "", height: 0 };
  const legendTop = top + 4;
  top += legend.height;
  plotted.setAttribute("y", String(top));
  const totalHeight = top + height;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${totalHeight}" viewBox="0 0 ${width} ${totalHeight}" font-family="DejaVu Sans" fill="black">` +
    `<rect width="100%" height="100%" fill="white"/>${header.join("")}<g transform="translate(0 ${legendTop})">${legend.markup}</g>${plotted.outerHTML}</svg>`;
  const png = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
    fitTo: { mode: "zoom", value: 2 },
    background: "white",
  })
    .render()
    .asPng();
  const bytes = new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
  return {
    title,
    svg,
    png: bytes,
    save: (path) => writeFile(path, bytes),
    [jupyterDisplay]: () => ({ "image/png": bytesToBase64(bytes), "text/plain": title }),
  };
}

export { Plot };

interface JupyterKernel {
  jupyter: { display(value: unknown): Promise<void> };
}

/** How long a kernel gets to send what a cell displayed before the cell ends; see the module's comment. */
const flushMs = 50;

/** Shows charts in the notebook, each as its image, and waits for the kernel to send them. Only inside Deno's Jupyter kernel. */
export async function show(...charts: Chart[]): Promise<void> {
  const deno = (globalThis as { Deno?: Partial<JupyterKernel> }).Deno;
  if (deno?.jupyter === undefined) throw new Error("show() draws into a notebook: run it in Deno's Jupyter kernel (npm run notebooks)");
  for (const drawn of charts) await deno.jupyter.display(drawn);
  await new Promise((resolve) => setTimeout(resolve, flushMs));
}
