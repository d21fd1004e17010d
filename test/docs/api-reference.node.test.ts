/**
 * The API reference at /docs on the Node host, over real HTTP on a real
 * libSQL file: served with no internet and no key, drawn by a real browser,
 * and over an OpenAPI document that a validator accepts.
 */
import SwaggerParser from "@apidevtools/swagger-parser";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import swaggerUiPackage from "swagger-ui-dist/package.json" with { type: "json" };
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNodeHost, type RunningNodeHost } from "../../src/node/host.ts";
import { dumpDom, pageFailures, screenshot } from "./chromium.ts";
import { parsePage } from "./html.ts";
import { isPng, pngSize, shareOfDrawnPixels } from "./png.ts";

type OpenApiDocument = SwaggerParser["api"];
/** The part of the document the operation lists are read from. */
interface DocumentedPaths {
  paths: Record<string, Record<string, { summary?: string }>>;
}

const screenshotPath = join(import.meta.dirname, "../../reports/docs/api-reference.png");
const screenshotSize = { width: 1280, height: 1600 };
/** A browser run is slow on a busy CI machine; this bounds a hang, it measures nothing. */
const browserTestTimeout = 180_000;

let host: RunningNodeHost;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "bookkeeper-docs-"));
  host = await startNodeHost({ databaseUrl: `file:${join(directory, "books.db")}`, adminToken: "docs-test-admin-token", port: 0 });
});

afterAll(async () => {
  await host.close();
  rmSync(directory, { recursive: true, force: true });
});

/** No Authorization header anywhere here: the reference, like the document, is public. */
const get = (path: string): Promise<Response> => fetch(`${host.url}${path}`, { redirect: "manual" });

async function openApiDocument<View = OpenApiDocument>(): Promise<View> {
  const response = await get("/openapi.json");
  expect(response.status).toBe(200);
  return response.json<View>();
}

interface ListedOperation {
  /** "GET /v1/companies" */
  operation: string;
  summary: string;
}

/** Every operation the document declares, with its summary. */
async function documentedOperations(): Promise<ListedOperation[]> {
  const { paths } = await openApiDocument<DocumentedPaths>();
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ operation: `${method.toUpperCase()} ${path}`, summary: operation.summary ?? "" })),
  );
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
const swaggerUiFile = (name: string): string => readFileSync(createRequire(import.meta.url).resolve(`swagger-ui-dist/${name}`), "utf8");
const swaggerUiVersion = swaggerUiPackage.version;

describe("the API reference on Node + libSQL, served", () => {
  it("answers /docs without a key with our page: its title, no inline script or style, every file from /docs/", async () => {
    const response = await get("/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    const document = parsePage(await response.text());
    expect(document.title).toBe("AI Bookkeeper API");
    const scripts = [...document.querySelectorAll("script")];
    expect(scripts.map((script) => script.getAttribute("src")?.split("?")[0])).toEqual(["/docs/swagger-ui-bundle.js", "/docs/init.js"]);
    expect(scripts.every((script) => (script.textContent ?? "").trim() === "")).toBe(true);
    expect(document.querySelectorAll("style, [style]")).toHaveLength(0);
    expect([...document.querySelectorAll("link")].map((link) => link.getAttribute("href")?.split("?")[0])).toEqual(["data:,", "/docs/swagger-ui.css"]);
    expect(document.querySelector("#swagger-ui")?.getAttribute("data-spec-url")).toBe("/openapi.json");
  });

  it("serves each file the page names, with its content type and a year's cache under an address versioned by swagger-ui-dist's", async () => {
    const document = parsePage(await (await get("/docs")).text());
    const addressIn = (selector: string, attribute: string): string => document.querySelector(selector)?.getAttribute(attribute) ?? `(no ${selector})`;
    const files = [
      { address: addressIn("script[src^='/docs/swagger-ui-bundle.js']", "src"), type: "text/javascript; charset=utf-8" },
      { address: addressIn("script[src^='/docs/init.js']", "src"), type: "text/javascript; charset=utf-8" },
      { address: addressIn("link[href^='/docs/swagger-ui.css']", "href"), type: "text/css; charset=utf-8" },
    ];
    for (const { address, type } of files) {
      expect(new URL(address, host.url).searchParams.get("v"), address).toMatch(/^[\w.-]+-[0-9a-f]{8}$/);
      expect(address, address).toContain(`?v=${swaggerUiVersion}-`);
      const file = await get(address);
      expect(file.status, address).toBe(200);
      expect(file.headers.get("content-type"), address).toBe(type);
      expect(file.headers.get("cache-control"), address).toBe("public, max-age=31536000, immutable");
      expect((await file.text()).length, address).toBeGreaterThan(100);
    }
  });

  it("serves swagger-ui-dist's own files, byte for byte, also at their plain addresses", async () => {
    for (const name of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
      const response = await get(`/docs/${name}`);
      expect(response.status, name).toBe(200);
      expect(sha256(await response.text()), name).toBe(sha256(swaggerUiFile(name)));
    }
    expect((await get("/docs/swagger-ui-bundle.js")).headers.get("content-type")).toBe("text/javascript; charset=utf-8");
  });

  it("sends /docs/ to /docs, and answers a file it does not have with the JSON 404", async () => {
    const slash = await get("/docs/");
    expect(slash.status).toBe(301);
    expect(slash.headers.get("location")).toBe("/docs");
    const missing = await get("/docs/swagger-ui-bundle.js.map");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("keeps /docs out of the OpenAPI document: it is a page for people, not an operation", async () => {
    const operations = await documentedOperations();
    expect(operations.length).toBeGreaterThan(10);
    expect(operations.filter(({ operation }) => operation.includes(" /docs"))).toEqual([]);
  });
});

describe("the OpenAPI document of the Node host", () => {
  it("is a valid OpenAPI 3.1 document, by swagger-parser", async () => {
    const document = await openApiDocument();
    expect(document).toMatchObject({ openapi: "3.1.0", info: { title: "AI Bookkeeper API" } });
    await expect(SwaggerParser.validate(document)).resolves.toBeDefined();
  });
});

describe("the API reference on Node + libSQL, in headless Chromium", () => {
  it("lists every operation of the document, with its summary, and nothing on the page fails", async () => {
    const { stdout, stderr } = await dumpDom(`${host.url}/docs`);
    expect(pageFailures(stderr)).toEqual([]);
    const document = parsePage(stdout);
    expect(document.querySelector(".info .title")?.textContent).toContain("AI Bookkeeper API");
    const listed: ListedOperation[] = [...document.querySelectorAll(".opblock-summary")].map((summary) => ({
      operation: `${summary.querySelector(".opblock-summary-method")?.textContent ?? ""} ${summary.querySelector("[data-path]")?.getAttribute("data-path") ?? ""}`,
      summary: summary.querySelector(".opblock-summary-description")?.textContent ?? "",
    }));
    const byOperation = (a: ListedOperation, b: ListedOperation): number => a.operation.localeCompare(b.operation);
    expect(listed.sort(byOperation)).toEqual((await documentedOperations()).sort(byOperation));
    expect(listed.map(({ operation }) => operation)).toEqual(expect.arrayContaining(["POST /v1/companies", "GET /v1/companies/{companyId}/transactions", "GET /health"]));
  }, browserTestTimeout);

  it("draws it: a screenshot kept at reports/docs/api-reference.png", async () => {
    mkdirSync(join(screenshotPath, ".."), { recursive: true });
    // A file left by an earlier run must not pass for this run's.
    rmSync(screenshotPath, { force: true });
    const { stderr } = await screenshot(`${host.url}/docs`, screenshotPath, screenshotSize.width, screenshotSize.height);
    expect(pageFailures(stderr)).toEqual([]);
    const png = new Uint8Array(readFileSync(screenshotPath));
    expect(isPng(png)).toBe(true);
    expect(pngSize(png)).toEqual(screenshotSize);
    // Text, coloured method badges and outlines: a blank or half-drawn page is almost all background.
    expect(png.byteLength).toBeGreaterThan(20_000);
    expect(await shareOfDrawnPixels(png)).toBeGreaterThan(0.05);
  }, browserTestTimeout);
});
