/** `npm run serve`: the Node host, configured by PORT, HOST, DATABASE_URL and ADMIN_TOKEN. */
import { randomBase64Url } from "../shared/crypto.ts";
import { readNodeConfig } from "./config.ts";
import { startNodeHost, type RunningNodeHost } from "./host.ts";

/** A person starting a server wants one line saying what is wrong, not a stack. */
function explainStartupFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "EADDRINUSE") return "That port is already in use; set PORT to a free one.";
  if (code === "EACCES") return "Not allowed to listen on that port; choose one above 1023.";
  if (code === "URL_SCHEME_NOT_SUPPORTED" || code === "URL_INVALID") {
    return `DATABASE_URL is not usable: ${message}`;
  }
  return message;
}

async function main(): Promise<RunningNodeHost> {
  const config = readNodeConfig(process.env);
  let adminToken = config.adminToken;
  if (adminToken === undefined) {
    adminToken = `admin_${randomBase64Url(24)}`;
    console.log(`ADMIN_TOKEN is not set; this run accepts a generated one:\n  ADMIN_TOKEN=${adminToken}`);
  }
  const host = await startNodeHost({ ...config, adminToken });
  if (host.appliedMigrations.length > 0) console.log(`Applied migrations: ${host.appliedMigrations.join(", ")}`);
  console.log(`AI Bookkeeper (Node + libSQL at ${config.databaseUrl}) listening on ${host.url}`);
  return host;
}

try {
  const host = await main();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void host.close().then(() => process.exit(0));
    });
  }
} catch (error) {
  console.error(`Cannot start the server: ${explainStartupFailure(error)}`);
  process.exit(1);
}
