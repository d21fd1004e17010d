/** The Node host's settings, from the environment, with defaults that need no setup. */
export interface NodeConfig {
  port: number;
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  adminToken: string | undefined;
}

export const defaultDatabaseUrl = "file:.data/bookkeeper.db";
export const defaultPort = 3000;

export function readNodeConfig(env: Record<string, string | undefined>): NodeConfig {
  const portText = env.PORT ?? String(defaultPort);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be an integer from 0 to 65535, not "${portText}"`);
  }
  return {
    port,
    databaseUrl: env.DATABASE_URL ?? defaultDatabaseUrl,
    databaseAuthToken: env.DATABASE_AUTH_TOKEN,
    adminToken: env.ADMIN_TOKEN === "" ? undefined : env.ADMIN_TOKEN,
  };
}
