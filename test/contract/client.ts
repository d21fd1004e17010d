/** A tiny HTTP client for the contract suite; each host supplies only `fetch`. */
import { expect } from "vitest";

export interface ContractTarget {
  /** Which host answers, for messages. */
  name: string;
  adminToken: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export interface JsonResponse<Body = unknown> {
  status: number;
  headers: Headers;
  body: Body;
  text: string;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export async function call<Body = Record<string, unknown>>(
  target: ContractTarget,
  method: string,
  path: string,
  options: { token?: string | undefined; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<JsonResponse<Body>> {
  const headers = new Headers(options.headers);
  if (options.token !== undefined) headers.set("authorization", `Bearer ${options.token}`);
  let body = options.body;
  if (options.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(options.json);
  }
  const response = await target.fetch(path, { method, headers, body: body ?? null });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed as Body, text };
}

/** The envelope, the status and the code; and nothing internal leaks into it. */
export function expectError(response: JsonResponse, status: number, code: string): ErrorBody {
  expect({ status: response.status, text: response.text }).toMatchObject({ status });
  const body = response.body as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(Object.keys(body)).toEqual(["error"]);
  expect(response.text).not.toMatch(/\n\s+at |\.ts:\d+|SQLITE|stack/i);
  return body;
}

export interface CreatedCompany {
  id: string;
  apiKey: string;
}

let companyCounter = 0;

export async function createCompany(
  target: ContractTarget,
  industry = "retail",
  name = `Company ${++companyCounter}`,
): Promise<CreatedCompany> {
  const response = await call<{ company: { id: string }; apiKey: string }>(target, "POST", "/v1/companies", {
    token: target.adminToken,
    json: { name, industry },
  });
  expect(response.status, response.text).toBe(201);
  return { id: response.body.company.id, apiKey: response.body.apiKey };
}
