/** Swagger UI's files for /docs on Node: read from node_modules once per process, when the first host starts. */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import swaggerUiPackage from "swagger-ui-dist/package.json" with { type: "json" };
import type { DocsAssets } from "./docs.ts";

const require = createRequire(import.meta.url);

async function readSwaggerUiFile(name: string): Promise<string> {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- a fixed file inside our own dependency swagger-ui-dist
  return readFile(require.resolve(`swagger-ui-dist/${name}`), "utf8");
}

async function readDocsAssets(): Promise<DocsAssets> {
  const [bundleScript, stylesheet] = await Promise.all([readSwaggerUiFile("swagger-ui-bundle.js"), readSwaggerUiFile("swagger-ui.css")]);
  return { swaggerUiVersion: swaggerUiPackage.version, bundleScript, stylesheet };
}

let loading: Promise<DocsAssets> | undefined;

/** The same 2 MB of text for every host in the process (tests start many). */
export function docsAssetsFromNodeModules(): Promise<DocsAssets> {
  loading ??= readDocsAssets();
  return loading;
}
