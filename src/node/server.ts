/** `npm run serve`: the Node host, configured by PORT, DATABASE_URL and ADMIN_TOKEN. */
import { randomBase64Url } from "../shared/crypto.ts";
import { readNodeConfig } from "./config.ts";
import { startNodeHost } from "./host.ts";

const config = readNodeConfig(process.env);
let adminToken = config.adminToken;
if (adminToken === undefined) {
  adminToken = `admin_${randomBase64Url(24)}`;
  console.log(`ADMIN_TOKEN is not set; this run accepts a generated one:\n  ADMIN_TOKEN=${adminToken}`);
}

const host = await startNodeHost({ ...config, adminToken, hostname: process.env.HOST ?? "127.0.0.1" });
if (host.appliedMigrations.length > 0) console.log(`Applied migrations: ${host.appliedMigrations.join(", ")}`);
console.log(`AI Bookkeeper (Node + libSQL at ${config.databaseUrl}) listening on ${host.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void host.close().then(() => process.exit(0));
  });
}
