/**
 * Uploads racing each other into one company's books: eight at once, over
 * several rounds, across two bank accounts, with rows that overlap between
 * files of one account and transfers whose two sides arrive at the same
 * moment. Whatever order the host runs them in, every upload is answered
 * (none with a 5xx), entry numbers stay unique and gapless, every inserted
 * row is listed once, and the books balance.
 */
import { beforeAll, expect, it } from "vitest";
import { call, createCompany, type ContractTarget, type CreatedCompany } from "./client.ts";

interface Report {
  rows: { inserted: number; duplicate: number };
}

const uploadsPerRound = 8;
const rounds = 3;
const day = (round: number, offset: number): string => `2025-${String(round + 3).padStart(2, "0")}-${String(10 + offset).padStart(2, "0")}`;
const money = (minor: number): string => `${minor < 0 ? "-" : ""}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, "0")}`;

/**
 * Upload `index` of a round, to the card when odd and to checking when even:
 * its own rows, two rows it shares with the next-but-one upload (the same
 * account), and one side of a card payment whose other side is the
 * neighbouring upload's.
 */
function file(round: number, index: number): string {
  const card = index % 2 === 1;
  const rows: string[] = [];
  for (let row = 0; row < 12; row++) rows.push(`${day(round, row % 5)},ROUND ${round} FILE ${index} SHOP ${row},-${money(1_000 + round * 100 + index * 10 + row)}`);
  // The same two rows in both files of a pair on one account: whichever commits first inserts them.
  const pair = Math.floor(index / 4);
  rows.push(`${day(round, 6)},ROUND ${round} SHARED ${pair} A,-${money(5_000 + pair)}`, `${day(round, 7)},ROUND ${round} SHARED ${pair} B,-${money(6_000 + pair)}`);
  // One side of a card payment, the other side in the matching file of the other account, sent at the same time.
  const payment = Math.floor(index / 2);
  const transfer = 50_000 + round * 1_000 + payment;
  rows.push(card ? `${day(round, 8)},PAYMENT THANK YOU ${round}-${payment},${money(transfer)}` : `${day(round, 8)},ONLINE PAYMENT TO CARD ${round}-${payment},-${money(transfer)}`);
  return `Date,Description,Amount\n${rows.join("\n")}\n`;
}

export function describeConcurrencyContract(getTarget: () => ContractTarget): void {
  let target: ContractTarget;
  beforeAll(() => {
    target = getTarget();
  });

  async function bankAccount(owner: CreatedCompany, name: string, kind: string): Promise<string> {
    const response = await call<{ bankAccount: { id: string } }>(target, "POST", `/v1/companies/${owner.id}/bank-accounts`, { token: owner.apiKey, json: { name, kind } });
    expect(response.status, response.text).toBe(201);
    return response.body.bankAccount.id;
  }

  async function readAll<Row>(owner: CreatedCompany, route: string): Promise<Row[]> {
    const rows: Row[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; text: string; body: { data: Row[]; nextCursor: string | null } } = await call(target, "GET", `/v1/companies/${owner.id}/${route}${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`, { token: owner.apiKey });
      expect(page.status, page.text).toBe(200);
      rows.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    return rows;
  }

  it("keeps the books whole under eight uploads at once, round after round", async () => {
    const owner = await createCompany(target, "retail");
    const checking = await bankAccount(owner, "Checking", "checking");
    const card = await bankAccount(owner, "Card", "credit_card");
    let inserted = 0;
    for (let round = 0; round < rounds; round++) {
      const answers = await Promise.all(
        Array.from({ length: uploadsPerRound }, (_, index) =>
          call<{ imports: Report[] }>(target, "POST", `/v1/companies/${owner.id}/bank-accounts/${index % 2 === 1 ? card : checking}/imports`, {
            token: owner.apiKey,
            body: file(round, index),
            headers: { "content-type": "text/csv" },
          }),
        ),
      );
      for (const answer of answers) expect(answer.status, answer.text).toBe(201);
      inserted += answers.reduce((sum, answer) => sum + (answer.body.imports[0]?.rows.inserted ?? 0), 0);

      const entries = await readAll<{ number: number }>(owner, "journal?limit=5000");
      const numbers = entries.map((entry) => entry.number).sort((a, b) => a - b);
      expect(numbers).toEqual(numbers.map((_, index) => index + 1));
      const listed = await readAll<{ id: string; transferTransactionId: string | null }>(owner, "transactions?limit=500");
      expect(listed).toHaveLength(inserted);
      expect(new Set(listed.map((row) => row.id)).size).toBe(inserted);
      // A transfer side names a partner that names it back.
      const byId = new Map(listed.map((row) => [row.id, row]));
      for (const row of listed) if (row.transferTransactionId !== null) expect(byId.get(row.transferTransactionId)?.transferTransactionId).toBe(row.id);
      const trialBalance = await call<{ balanced: boolean }>(target, "GET", `/v1/companies/${owner.id}/reports/trial-balance?asOf=2025-12-31`, { token: owner.apiKey });
      expect(trialBalance.body.balanced).toBe(true);
    }
    // Every distinct row once: 12 own rows and one transfer side a file, and two shared rows per pair of files.
    expect(inserted).toBe(rounds * (uploadsPerRound * 13 + (uploadsPerRound / 2) * 2));
  });
}
