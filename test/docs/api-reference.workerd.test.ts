/**
 * The API reference on the Worker: Swagger UI's files reach it through
 * wrangler.toml's Text rule (the Worker cannot read node_modules), so this
 * checks that the bundled Worker serves them, as the Node host does.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

/** No Authorization header: the reference is public, like /openapi.json. */
const get = (path: string): Promise<Response> => exports.default.fetch(new Request(`https://bookkeeper.test${path}`));

describe("the API reference on Workers", () => {
  it("answers /docs with our page, naming its files under /docs/", async () => {
    const response = await get("/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const page = await response.text();
    expect(page).toContain("<title>AI Bookkeeper API</title>");
    expect(page).toMatch(/<script src="\/docs\/swagger-ui-bundle\.js\?v=[^"]+"><\/script>/);
    expect(page).toMatch(/<link rel="stylesheet" href="\/docs\/swagger-ui\.css\?v=[^"]+">/);
  });

  it("serves Swagger UI's bundle and stylesheet as text with their content types, not as code run in the Worker", async () => {
    const bundle = await get("/docs/swagger-ui-bundle.js");
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const script = await bundle.text();
    expect(script.startsWith("/*! For license information please see swagger-ui-bundle.js.LICENSE.txt */")).toBe(true);
    expect(script.length).toBeGreaterThan(1_000_000);
    const stylesheet = await get("/docs/swagger-ui.css");
    expect(stylesheet.status).toBe(200);
    expect(stylesheet.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await stylesheet.text()).toMatch(/^\.swagger-ui\{/);
  });

  it("serves the script that starts Swagger UI on the page", async () => {
    const init = await get("/docs/init.js");
    expect(init.status).toBe(200);
    expect(init.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await init.text()).toContain("SwaggerUIBundle(");
  });
});
