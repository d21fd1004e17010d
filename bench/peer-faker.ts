/**
 * The peer: @faker-js/faker, the usual way to make test data in
 * JavaScript, producing N bare transaction rows (date, amount, merchant,
 * city, state) as a CSV line and a JSON truth line each, seeded. It does
 * far less per row than the generator (no dialects, balances, overlaps,
 * transfers or receipts), which is what makes the ratio telling.
 */
import { faker } from "@faker-js/faker";

export interface FakerRows {
  rows: number;
  bytes: number;
  ms: number;
}

export function fakerRows(count: number): FakerRows {
  faker.seed(42);
  const started = performance.now();
  const from = new Date("2025-01-01T00:00:00Z");
  const to = new Date("2025-12-31T00:00:00Z");
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const postedOn = faker.date.between({ from, to }).toISOString().slice(0, 10);
    const amount = faker.finance.amount({ min: -5000, max: 5000, dec: 2 });
    const vendor = faker.company.name();
    const description = `${vendor.toUpperCase()} ${faker.location.city().toUpperCase()} ${faker.location.state({ abbreviated: true })}`;
    bytes += `${postedOn},"${description}",${amount}\n`.length + JSON.stringify({ postedOn, amount, description, vendor }).length + 1;
  }
  return { rows: count, bytes, ms: performance.now() - started };
}
