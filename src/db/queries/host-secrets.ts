/** Secrets the host makes on first use and keeps in its database. */
import { eq } from "drizzle-orm";
import type { Database } from "../database.ts";
import { hostSecrets } from "../schema.ts";
import { toHex } from "../../shared/crypto.ts";

/** The named secret: made (32 random bytes, hex) the first time it is asked for; every later ask, and every concurrent first one, gets the same. */
export async function hostSecret(db: Database, name: string, now: Date): Promise<string> {
  const kept = await readSecret(db, name);
  if (kept !== undefined) return kept;
  const fresh = toHex(crypto.getRandomValues(new Uint8Array(32)));
  await db.batch([db.orm.insert(hostSecrets).values({ name, value: fresh, createdAt: now.toISOString() }).onConflictDoNothing()]);
  // A concurrent first ask may have kept its own: whichever went in is the secret.
  const value = await readSecret(db, name);
  if (value === undefined) throw new Error(`the host secret ${name} could not be kept`);
  return value;
}

async function readSecret(db: Database, name: string): Promise<string | undefined> {
  const [row] = await db.orm.select({ value: hostSecrets.value }).from(hostSecrets).where(eq(hostSecrets.name, name));
  return row?.value;
}
