/**
 * The API reference's own two files: the HTML page and the script that starts
 * Swagger UI on it. Neither holds inline script or style, so the page runs
 * under a Content-Security-Policy that allows only this origin's files.
 */

export const docsTitle = "AI Bookkeeper API";

/** Where the page's files are served; absolute, so /docs and /docs/ find the same files. */
export const docsPaths = {
  page: "/docs",
  bundleScript: "/docs/swagger-ui-bundle.js",
  stylesheet: "/docs/swagger-ui.css",
  initScript: "/docs/init.js",
  openApiDocument: "/openapi.json",
} as const;

/**
 * Starts Swagger UI on the page's #swagger-ui element, reading the document's
 * address from its data-spec-url attribute (the page, not this file, knows it).
 * validatorUrl null: otherwise Swagger UI asks validator.swagger.io for a badge.
 */
export const initScript = `"use strict";
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: true,
    validatorUrl: null
  });
})();
`;

/**
 * The page. `assetVersion` goes on every file's address: the files are cached
 * for a year, so a new version must be a new address. The empty data: icon
 * stops the browser asking for /favicon.ico, which is not ours to answer.
 */
export function docsPageHtml(assetVersion: string): string {
  const versioned = (path: string): string => `${path}?v=${encodeURIComponent(assetVersion)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${docsTitle}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${versioned(docsPaths.stylesheet)}">
</head>
<body>
<noscript>This reference needs JavaScript; the OpenAPI document itself is at <a href="${docsPaths.openApiDocument}">${docsPaths.openApiDocument}</a>.</noscript>
<div id="swagger-ui" data-spec-url="${docsPaths.openApiDocument}"></div>
<script src="${versioned(docsPaths.bundleScript)}"></script>
<script src="${versioned(docsPaths.initScript)}"></script>
</body>
</html>
`;
}
