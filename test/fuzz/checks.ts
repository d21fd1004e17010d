/**
 * What every answer must be, whatever was asked: never a 5xx; a 4xx in the
 * error envelope with a code of the contract and that code's status; a 2xx
 * that says JSON is JSON. And what the books must be after the run: balanced,
 * every journal entry balanced, the bystander company untouched.
 */
import { request } from "../../client/http.ts";
import { errorStatus, type ErrorCode } from "../../src/http/errors.ts";
import type { FuzzTarget, Tenant } from "./tenants.ts";

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** JSON, not JSON Lines (the training export), which is many documents. */
export const isJson = (contentType: string): boolean => contentType.split(";")[0]?.trim() === "application/json";

const isErrorCode = (code: unknown): code is ErrorCode => typeof code === "string" && Object.hasOwn(errorStatus, code);

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Why a 4xx is not in the contract's envelope, or undefined when it is. */
function envelopeProblem(answer: Answer): string | undefined {
  const parsed = parseJson(answer.text);
  if (!parsed.ok) return "a 4xx that is not JSON";
  const body = parsed.value as { error?: { code?: unknown; message?: unknown } } | null;
  if (body === null || typeof body !== "object" || Object.keys(body).join() !== "error") return "a 4xx whose JSON is not { error }";
  const code = body.error?.code;
  if (!isErrorCode(code)) return `a 4xx with an unknown code ${JSON.stringify(code)}`;
  if (typeof body.error?.message !== "string" || body.error.message.length === 0) return "a 4xx with no message";
  if (errorStatus[code] !== answer.status) return `code ${code} is ${errorStatus[code]} in the contract, sent with ${answer.status}`;
  return undefined;
}

/** Internals that must never reach a client: stack frames, SQLite's own error names. */
const leak = /\n\s+at \S|\.ts:\d+:\d+|SQLITE_[A-Z]+/;

/** Why the answer breaks the contract, or undefined when it keeps it. */
export function answerProblem(answer: Answer, sentText: string): string | undefined {
  if (answer.status >= 500) return `a ${answer.status}`;
  if (answer.status >= 400) {
    const problem = envelopeProblem(answer);
    if (problem !== undefined) return problem;
  } else if (answer.status >= 200 && isJson(answer.contentType) && !parseJson(answer.text).ok) {
    return "a 2xx that says JSON and is not";
  }
  const leaked = leak.exec(answer.text)?.[0];
  if (leaked !== undefined && !sentText.includes(leaked)) return `an answer that shows internals (${leaked.trim()})`;
  return undefined;
}

interface JournalPage {
  data: { number: number; lines: { debitMinor: number; creditMinor: number }[] }[];
  nextCursor: string | null;
}

/** Unbalanced entries of the company's journal, read page by page. */
async function unbalancedEntries(target: FuzzTarget, companyId: string): Promise<string[]> {
  const problems: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
    const answer = await request<JournalPage>(target, "GET", `/v1/companies/${companyId}/journal?limit=500${query}`, { token: target.adminToken });
    if (answer.status !== 200) return [`the journal answered ${answer.status}: ${answer.text.slice(0, 200)}`];
    for (const entry of answer.body.data) {
      const debits = entry.lines.reduce((sum, line) => sum + line.debitMinor, 0);
      const credits = entry.lines.reduce((sum, line) => sum + line.creditMinor, 0);
      if (debits !== credits) problems.push(`journal entry ${entry.number}: debits ${debits} != credits ${credits}`);
    }
    cursor = answer.body.nextCursor;
    if (cursor === null) break;
  }
  return problems;
}

/** The books' problems: a trial balance whose totals differ, or an entry that does not balance. */
export async function booksProblems(target: FuzzTarget, companyId: string): Promise<string[]> {
  const answer = await request<{ totals: { debitMinor: number; creditMinor: number }; balanced: boolean }>(target, "GET", `/v1/companies/${companyId}/reports/trial-balance?asOf=2999-12-31`, { token: target.adminToken });
  if (answer.status !== 200) return [`the trial balance answered ${answer.status}: ${answer.text.slice(0, 200)}`];
  const { totals, balanced } = answer.body;
  const problems = totals.debitMinor === totals.creditMinor && balanced ? [] : [`trial balance: debits ${totals.debitMinor}, credits ${totals.creditMinor}, balanced ${balanced}`];
  return [...problems, ...(await unbalancedEntries(target, companyId))];
}

/** What of the bystander's data reads differently than before the run. */
export function tenantChanges(before: Record<string, string>, after: Record<string, string>, tenant: Tenant): string[] {
  return Object.keys(before)
    .filter((path) => before[path] !== after[path])
    .map((path) => `bystander company ${tenant.companyId}: GET ${path || "/"} changed`);
}
