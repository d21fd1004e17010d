/**
 * The training dataset as a stream: a page of settled transactions at a
 * time, so a company of a million transactions never sits in memory; and the
 * operator's export of every company, each under a pseudonym.
 */
import type { Database } from "../db/database.ts";
import { listCompanies } from "../db/queries/companies.ts";
import { hostSecret } from "../db/queries/host-secrets.ts";
import { trainingRows, type TrainingCursor } from "../db/queries/training.ts";
import { toHex } from "../shared/crypto.ts";
import { parseEvidence } from "../shared/vocabulary.ts";
import { csvText } from "../shared/csv-out.ts";
import { csvHeader, csvLine, trainingLine, type SplitShares, type TrainingLine } from "./dataset.ts";

const pageSize = 2000;
export type TrainingFormat = "jsonl" | "csv";

const render = (line: TrainingLine, format: TrainingFormat): string => (format === "csv" ? csvLine(line) : `${JSON.stringify(line)}\n`);

/** The company's lines, oldest first, a page of text at a time. */
async function* companyLines(db: Database, companyId: string, shares: SplitShares, format: TrainingFormat, company?: string): AsyncGenerator<string> {
  let after: TrainingCursor | undefined;
  for (;;) {
    const rows = await trainingRows(db.orm, companyId, after, pageSize);
    if (rows.length === 0) return;
    yield rows
      .map((row) => {
        const correctedFrom = row.correctedFrom === null ? null : (JSON.parse(row.correctedFrom) as { accountCode: string; source: string });
        return render(trainingLine({ ...row, evidence: parseEvidence(row.evidence), correctedFrom }, shares, company), format);
      })
      .join("");
    const last = rows[rows.length - 1] as (typeof rows)[number];
    after = { postedOn: last.postedOn, id: last.id };
  }
}

const csvHead = (): string => csvText([csvHeader]);

export async function* companyTrainingExport(db: Database, companyId: string, shares: SplitShares, format: TrainingFormat): AsyncGenerator<string> {
  if (format === "csv") yield csvHead();
  yield* companyLines(db, companyId, shares, format);
}

/**
 * A company's pseudonym: an HMAC of its id under a random secret the host
 * keeps, so the same company has the same name in every download and its id
 * cannot be read back or guessed from it without the secret.
 */
export async function pseudonymOf(companyId: string, secret: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`training-company:${companyId}`)));
  return `c_${toHex(signature).slice(0, 16)}`;
}

export async function* everyCompanyTrainingExport(db: Database, shares: SplitShares, format: TrainingFormat): AsyncGenerator<string> {
  if (format === "csv") yield csvHead();
  const secret = await hostSecret(db, "training-pseudonyms", new Date());
  for (const company of await listCompanies(db.orm)) yield* companyLines(db, company.id, shares, format, await pseudonymOf(company.id, secret));
}
