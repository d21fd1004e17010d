/**
 * On Workers, wrangler.toml's `[[rules]] type = "Text"` turns these two
 * swagger-ui-dist files into modules whose default export is the file's text
 * (src/worker.ts imports them). Only the Worker's bundle may import them:
 * Node would run the script instead of reading it.
 */
declare module "swagger-ui-dist/swagger-ui-bundle.js" {
  const text: string;
  export default text;
}

declare module "swagger-ui-dist/swagger-ui.css" {
  const text: string;
  export default text;
}
