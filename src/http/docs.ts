/**
 * GET /docs: the OpenAPI document as an interactive reference, by Swagger UI
 * (swagger-ui-dist). Every file the page loads comes from here, never a CDN:
 * a host hands over Swagger UI's files, read or bundled its own way.
 *
 * These routes stay out of the OpenAPI document: they serve a page for
 * people, not the API, and a client generated from the document has no use
 * for them.
 */
import { Hono } from "hono";
import { docsPageHtml, docsPaths, initScript } from "./docs-page.ts";

/** Swagger UI's files, as text, and the swagger-ui-dist version they came from. */
export interface DocsAssets {
  readonly swaggerUiVersion: string;
  /** swagger-ui-bundle.js */
  readonly bundleScript: string;
  /** swagger-ui.css */
  readonly stylesheet: string;
}

const javascript = "text/javascript; charset=utf-8";
const css = "text/css; charset=utf-8";

/** The files' addresses carry their version, so a year's cache never serves an old file under a new page. */
const versionedFileHeaders = (contentType: string): Record<string, string> => ({
  "Content-Type": contentType,
  "Cache-Control": "public, max-age=31536000, immutable",
  "X-Content-Type-Options": "nosniff",
});

/**
 * Only this origin's files may run, style or be fetched; data: images are
 * Swagger UI's icons, drawn inline in its stylesheet. Nobody may frame the page.
 */
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** The page is small and names the files' versions: it is asked for again each time (no-cache), so a deploy shows at once. */
const pageHeaders: Record<string, string> = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-cache",
  "Content-Security-Policy": contentSecurityPolicy,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

/** FNV-1a, 32 bits: enough to tell one version of our small init script from another. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** The page and its three files; mount with app.route("/", docsRoutes(assets)). */
export function docsRoutes(assets: DocsAssets): Hono {
  const page = docsPageHtml(`${assets.swaggerUiVersion}-${shortHash(initScript)}`);
  const routes = new Hono();
  routes.get(docsPaths.page, (c) => c.body(page, 200, pageHeaders));
  routes.get(`${docsPaths.page}/`, (c) => c.redirect(docsPaths.page, 301));
  routes.get(docsPaths.bundleScript, (c) => c.body(assets.bundleScript, 200, versionedFileHeaders(javascript)));
  routes.get(docsPaths.stylesheet, (c) => c.body(assets.stylesheet, 200, versionedFileHeaders(css)));
  routes.get(docsPaths.initScript, (c) => c.body(initScript, 200, versionedFileHeaders(javascript)));
  return routes;
}
