/**
 * Finds a bank export's layout with no configuration: the delimiter, any
 * preamble above the header, the header itself (in English, German, Dutch,
 * French or Spanish) or, when there is none, the columns from what they
 * hold. Settings pinned on the bank account override each guess.
 */
import type { CsvSettings } from "../bank-accounts/csv-settings.ts";
import { decimalSeparatorOf, readAmount } from "./amounts.ts";
import { csvRecords, isBlankRecord, type CsvRecord, type Delimiter } from "./csv.ts";
import { readsAsDateInSomeOrder } from "./dates.ts";
import { withoutAccents } from "../shared/text.ts";

export type Role = "date" | "description" | "amount" | "debit" | "credit" | "balance" | "direction";

export interface Columns {
  date: number;
  /** Every column the header calls a date (posting, transaction, value): all of them help decide day and month order. */
  otherDates: number[];
  description: number;
  amount: number | null;
  debit: number | null;
  credit: number | null;
  balance: number | null;
  /** An in/out flag beside an unsigned amount (ING's "Af Bij", "Debit/Credit"). */
  direction: number | null;
}

export interface Layout {
  delimiter: Delimiter;
  /** Index among the file's records of the header, or null for a file without one. */
  headerIndex: number | null;
  /** Index among the file's records of the first row that may hold a transaction. */
  firstDataIndex: number;
  /** How many fields a row of the table has (the header's, or the common width without one). */
  width: number;
  columns: Columns;
  /** Column titles as the file has them, or positions for a file without a header. */
  columnNames: Record<Exclude<keyof Columns, "otherDates">, string | number | null>;
}

export type LayoutResult = { ok: true; layout: Layout } | { ok: false; reason: string };

const fold = (text: string): string =>
  withoutAccents(text)
    .toLowerCase()
    .replace(/\((?:usd|eur|gbp|cad|aud|chf|\$|€|£)\)/g, "")
    .replace(/[.#:*]/g, "")
    .replace(/\s+/g, " ")
    .trim();

/**
 * Header names by role, best first. A posting date outranks a transaction
 * date: it is the one the bank's balance and the next statement agree on.
 */
const synonyms: Readonly<Record<Role, readonly string[]>> = {
  date: [
    "posting date", "post date", "posted date", "posted on", "booking date", "date posted", "completed date",
    "buchungstag", "buchungsdatum", "boekdatum", "date de comptabilisation", "fecha contable",
    "date", "datum", "fecha", "data",
    "transaction date", "trans date", "value date", "valuta", "valutadatum", "wertstellung", "rentedatum",
    "transactiedatum", "date operation", "date de valeur", "fecha operacion", "fecha valor", "started date",
  ],
  description: [
    "description", "transaction description", "payee", "merchant", "name", "beschreibung", "verwendungszweck",
    "buchungstext", "omschrijving", "naam / omschrijving", "naam/omschrijving", "concepto", "descripcion", "libelle",
    "libelle operation", "counter party", "counterparty", "memo", "narrative", "details de l'operation", "mededelingen", "reference",
  ],
  amount: [
    "amount", "transaction amount", "betrag", "umsatz", "bedrag", "importe", "montant", "amount usd", "value", "net amount",
  ],
  debit: [
    "debit", "debits", "debit amount", "withdrawal", "withdrawals", "withdrawal amount", "money out", "paid out", "out",
    "soll", "ausgang", "af", "cargo", "cargos", "debe", "debit eur", "debit euros", "debit eure",
  ],
  credit: [
    "credit", "credits", "credit amount", "deposit", "deposits", "deposit amount", "money in", "paid in", "in",
    "haben", "eingang", "bij", "abono", "abonos", "haber", "credit eur", "credit euros", "credit eure",
  ],
  balance: ["balance", "running balance", "running bal", "saldo", "kontostand", "solde", "saldo na mutatie", "ending balance"],
  direction: ["af bij", "af/bij", "debit/credit", "credit/debit", "dr/cr", "cr/dr", "soll/haben", "s/h", "in/out", "d/c", "c/d"],
};

const roleRank = (cell: string, role: Role): number => synonyms[role].indexOf(fold(cell));

/**
 * The layout is read from the first records, not the whole file: enough to
 * find a header below any preamble, or to infer columns without one, and it
 * leaves a large file to be walked once, row by row.
 */
const layoutSampleRecords = 2000;

function firstRecords(text: string, delimiter: Delimiter, count: number, keep: (record: CsvRecord) => boolean = () => true): CsvRecord[] {
  const records: CsvRecord[] = [];
  for (const record of csvRecords(text, delimiter)) {
    if (!keep(record)) continue;
    records.push(record);
    if (records.length >= count) break;
  }
  return records;
}

function delimiterScore(text: string, delimiter: Delimiter, pinned: CsvSettings["columns"]): { header: boolean; consistency: number; width: number } {
  const records = firstRecords(text, delimiter, 200, (r) => !isBlankRecord(r));
  if (records.length === 0) return { header: false, consistency: 0, width: 0 };
  // With a header, the table starts there: whatever is above it is preamble and does not count.
  const headerAt = records.slice(0, 40).findIndex((r) => r.cells.length >= 2 && isHeader(r.cells, pinned));
  if (headerAt >= 0) {
    const width = (records[headerAt] as CsvRecord).cells.length;
    const table = records.slice(headerAt);
    // A trailing delimiter on data rows (Chase) makes them one wider than the header.
    const consistent = table.filter((r) => r.cells.length === width || r.cells.length === width + 1).length;
    return { header: true, consistency: consistent / table.length, width };
  }
  const counts = new Map<number, number>();
  for (const record of records) counts.set(record.cells.length, (counts.get(record.cells.length) ?? 0) + 1);
  let width = 0;
  let most = 0;
  for (const [cells, count] of counts) {
    if (cells >= 2 && (count > most || (count === most && cells > width))) {
      width = cells;
      most = count;
    }
  }
  if (width < 2) return { header: false, consistency: 0, width };
  const start = records.findIndex((r) => r.cells.length === width);
  const table = records.slice(Math.max(0, start));
  return { header: false, consistency: table.filter((r) => r.cells.length === width).length / table.length, width };
}

/**
 * The delimiter under which a header appears (and the table below it keeps
 * its width); failing that, the one that splits the rows consistently and
 * into more columns: a comma that only ever splits decimals ("84,20") gives
 * steady rows too, but fewer columns. On a tie, anything but the comma.
 */
export function detectDelimiter(text: string, pinned?: CsvSettings["columns"]): Delimiter | null {
  const candidates: Delimiter[] = ["\t", ";", "|", ","];
  let best: Delimiter | null = null;
  let bestScore = 0;
  for (const delimiter of candidates) {
    const { header, consistency, width } = delimiterScore(text, delimiter, pinned);
    if (consistency < 0.6) continue;
    const score = (header ? 100 : 0) + consistency * Math.log2(width);
    if (score > bestScore + 1e-9) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

function headerColumns(cells: readonly string[]): Partial<Record<Role, number>> {
  const found: Partial<Record<Role, number>> = {};
  const rankOf: Partial<Record<Role, number>> = {};
  cells.forEach((cell, index) => {
    for (const role of Object.keys(synonyms) as Role[]) {
      const rank = roleRank(cell, role);
      if (rank < 0) continue;
      const current = rankOf[role];
      if (current === undefined || rank < current) {
        found[role] = index;
        rankOf[role] = rank;
      }
    }
  });
  return found;
}

/** A header names a date and some money, by the usual names or by the names a bookkeeper pinned. */
function isHeader(cells: readonly string[], pinned: CsvSettings["columns"]): boolean {
  const found = headerColumns(cells);
  const names = (ref: string | number | undefined): boolean => typeof ref === "string" && cells.some((c) => fold(c) === fold(ref));
  const date = found.date !== undefined || names(pinned?.date);
  const money = found.amount !== undefined || found.debit !== undefined || found.credit !== undefined;
  return date && (money || names(pinned?.amount) || names(pinned?.debit) || names(pinned?.credit));
}

const pinnedIndex = (ref: string | number | undefined, header: readonly string[] | null): number | null | undefined => {
  if (ref === undefined) return undefined;
  if (typeof ref === "number") return ref;
  if (!header) return null;
  const index = header.findIndex((cell) => fold(cell) === fold(ref));
  return index < 0 ? null : index;
};

const share = (cells: readonly string[], test: (cell: string) => boolean): number => {
  const present = cells.filter((c) => c.trim() !== "");
  return present.length === 0 ? 0 : present.filter(test).length / present.length;
};


/** Columns of a file with no header, from what they hold; or what is missing. */
function inferColumns(rows: readonly CsvRecord[], width: number): Columns | "no date" {
  const column = (index: number): string[] => rows.map((r) => r.cells[index] ?? "");
  const indices = Array.from({ length: width }, (_, i) => i);
  const dateColumn = indices.find((i) => share(column(i), readsAsDateInSomeOrder) >= 0.9);
  if (dateColumn === undefined) return "no date";
  const money = indices.filter((i) => {
    if (i === dateColumn) return false;
    const cells = column(i);
    const decimal = decimalSeparatorOf(cells);
    // Money has a decimal part, which tells it from check numbers and ids.
    return share(cells, (c) => readAmount(c, decimal).ok && /[.,]\d{1,2}\s*\)?(?:CR|DR)?$/i.test(c.trim())) >= 0.9 && cells.some((c) => c.trim() !== "");
  });
  const texts = indices
    .filter((i) => i !== dateColumn && !money.includes(i))
    .map((i) => ({ i, length: column(i).reduce((sum, c) => sum + c.trim().length, 0) }))
    .sort((a, b) => b.length - a.length);
  const description = texts[0]?.i ?? -1;
  if (money.length === 0) return { date: dateColumn, otherDates: [], description, amount: null, debit: null, credit: null, balance: null, direction: null };
  const [first, second] = money as [number, number | undefined];
  // Two money columns where each row fills exactly one: withdrawals and deposits.
  if (second !== undefined && rows.every((r) => ((r.cells[first] ?? "").trim() === "") !== ((r.cells[second] ?? "").trim() === ""))) {
    return { date: dateColumn, otherDates: [], description, amount: null, debit: first, credit: second, balance: money[2] ?? null, direction: null };
  }
  return { date: dateColumn, otherDates: [], description, amount: first, debit: null, credit: null, balance: second ?? null, direction: null };
}

export function detectLayout(text: string, settings?: CsvSettings): LayoutResult {
  const delimiter = settings?.delimiter ?? detectDelimiter(text, settings?.columns);
  if (!delimiter) return { ok: false, reason: "no delimiter splits the rows into columns; this does not look like a CSV export" };
  const sample = firstRecords(text, delimiter, layoutSampleRecords);
  const pinned = settings?.columns;

  // The header is the first row that names a date and an amount (or a pinned column), within the first 40.
  let headerIndex: number | null = null;
  for (let i = 0; i < Math.min(sample.length, 40); i++) {
    if (isHeader((sample[i] as CsvRecord).cells, pinned)) {
      headerIndex = i;
      break;
    }
  }

  const header = headerIndex === null ? null : (sample[headerIndex] as CsvRecord).cells;
  let columns: Columns | null = null;
  let namesDateOnly = false;
  let firstDataIndex: number;
  let tableWidth: number;
  if (header) {
    const found = headerColumns(header);
    firstDataIndex = (headerIndex ?? 0) + 1;
    tableWidth = header.length;
    const dateLike = header.flatMap((cell, index) => (roleRank(cell, "date") >= 0 && index !== found.date ? [index] : []));
    columns = {
      date: found.date ?? -1,
      otherDates: dateLike,
      description: found.description ?? -1,
      amount: found.amount ?? null,
      debit: found.debit ?? null,
      credit: found.credit ?? null,
      balance: found.balance ?? null,
      direction: found.direction ?? null,
    };
  } else {
    const widthCounts = new Map<number, number>();
    for (const r of sample) if (!isBlankRecord(r)) widthCounts.set(r.cells.length, (widthCounts.get(r.cells.length) ?? 0) + 1);
    const width = [...widthCounts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
    tableWidth = width;
    const rows = sample.filter((r) => r.cells.length >= width && !isBlankRecord(r));
    // A row that names a date but no money is a header whose amount column has a name we do not know.
    namesDateOnly = sample.slice(0, 40).some((r) => headerColumns(r.cells).date !== undefined);
    const inferred = inferColumns(namesDateOnly ? rows.slice(1) : rows, width);
    if (typeof inferred !== "string") columns = inferred;
    // Preamble lines of a headerless file are the ones before the first row of the common width.
    firstDataIndex = Math.max(0, sample.findIndex((r) => r.cells.length >= width && !isBlankRecord(r)));
  }

  for (const role of ["date", "description", "amount", "debit", "credit", "balance"] as const) {
    const index = pinnedIndex(pinned?.[role], header);
    if (index === null) return { ok: false, reason: `the pinned ${role} column ${JSON.stringify(pinned?.[role])} is not in the header` };
    if (index === undefined) continue;
    columns ??= { date: -1, otherDates: [], description: -1, amount: null, debit: null, credit: null, balance: null, direction: null };
    columns[role] = index;
  }

  const hasMoney = columns !== null && (columns.amount !== null || columns.debit !== null || columns.credit !== null);
  if ((!columns || columns.date < 0) && !namesDateOnly) return { ok: false, reason: "no date column: no header names one, and no column holds dates" };
  if (!columns || !hasMoney || columns.date < 0) {
    return { ok: false, reason: "no amount column: no header names an amount, debit or credit, and no column holds money; pin the bank account's csv.columns" };
  }
  if (columns.description < 0) {
    // The header calls the description something we do not know ("Narration", "Transaction Details"):
    // take the column with the most text that is not already something else.
    const taken = new Set([columns.date, ...columns.otherDates, columns.amount, columns.debit, columns.credit, columns.balance, columns.direction]);
    const data = sample.slice(firstDataIndex).filter((r) => !isBlankRecord(r));
    let best = -1;
    let bestLength = 0;
    for (let index = 0; index < tableWidth; index++) {
      if (taken.has(index)) continue;
      const cells = data.map((r) => (r.cells[index] ?? "").trim());
      if (share(cells, (c) => /\p{L}/u.test(c)) < 0.5) continue;
      const length = cells.reduce((sum, c) => sum + c.length, 0);
      if (length > bestLength) {
        best = index;
        bestLength = length;
      }
    }
    columns.description = best;
  }
  const name = (index: number | null): string | number | null => (index === null || index < 0 ? null : header ? (header[index] ?? index) : index);
  return {
    ok: true,
    layout: {
      delimiter,
      headerIndex,
      firstDataIndex,
      width: tableWidth,
      columns,
      columnNames: {
        date: name(columns.date),
        description: name(columns.description),
        amount: name(columns.amount),
        debit: name(columns.debit),
        credit: name(columns.credit),
        balance: name(columns.balance),
        direction: name(columns.direction),
      },
    },
  };
}
