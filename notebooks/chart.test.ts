import { createCanvas, loadImage } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { base64ToBytes } from "../src/shared/base64.ts";
import { chart, Plot, show } from "./chart.ts";

const rows = [
  { company: "Alpha", month: "2025-01", transactions: 30 },
  { company: "Beta", month: "2025-01", transactions: 20 },
  { company: "Alpha", month: "2025-02", transactions: 35 },
];
const draw = (): ReturnType<typeof chart> =>
  chart({ title: "Transactions per month", subtitle: "two companies", color: { legend: true }, x: { type: "band" }, marks: [Plot.barY(rows, { x: "month", y: "transactions", fill: "company" })] });

/** The share of dark pixels in a box of the PNG, in the PNG's own pixels. */
async function darkShare(png: Uint8Array, box: { x: number; y: number; width: number; height: number }): Promise<number> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(box.x, box.y, box.width, box.height);
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) + (data[i + 1] ?? 255) + (data[i + 2] ?? 255) < 300) dark += 1;
  return dark / (data.length / 4);
}

describe("a notebook chart", () => {
  it("is one SVG with its title and colour legend, and a PNG at twice its size", async () => {
    const drawn = draw();
    expect(drawn.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="640" height="(\d+)"/);
    expect(drawn.svg).toContain(">Transactions per month</text>");
    expect(drawn.svg).toContain(">Alpha</text>");
    expect(drawn.svg).toContain(">Beta</text>");
    const height = Number(/height="(\d+)"/.exec(drawn.svg)?.[1]);
    const header = new DataView(drawn.png.buffer, drawn.png.byteOffset, drawn.png.byteLength);
    expect(new TextDecoder().decode(drawn.png.subarray(1, 4))).toBe("PNG");
    expect([header.getUint32(16), header.getUint32(20)]).toEqual([1280, height * 2]);
    // The title's text was drawn: the font came from npm, not the system.
    expect(await darkShare(drawn.png, { x: 24, y: 24, width: 400, height: 30 })).toBeGreaterThan(0.05);
    expect(await darkShare(drawn.png, { x: 640, y: 24, width: 600, height: 30 })).toBe(0);
  });

  it("gives the same bytes for the same data", () => {
    expect(draw().png).toEqual(draw().png);
  });

  it("shows itself in Jupyter as the PNG, titled", () => {
    const drawn = draw();
    const display = Reflect.get(drawn, Symbol.for("Jupyter.display")) as () => Record<string, string>;
    const shown = display.call(drawn);
    expect(shown["text/plain"]).toBe("Transactions per month");
    expect(base64ToBytes(shown["image/png"] ?? "")).toEqual(drawn.png);
  });

  it("says where show() works when called outside a notebook", async () => {
    await expect(show(draw())).rejects.toThrow(/run it in Deno's Jupyter kernel/);
  });

  it("refuses a chart Plot would draw as HTML, which no rasterizer reads", () => {
    expect(() => chart({ title: "symbols", symbol: { legend: true }, marks: [Plot.dot(rows, { x: "month", y: "transactions", symbol: "company" })] })).toThrow(/drew HTML/);
  });
});
