/** What the contract suites add to the one client (client/http.ts): assertions about answers, and companies to test with. */
import { expect } from "vitest";
import { request, type ApiTarget, type RawAnswer, type RequestOptions } from "../../client/http.ts";

/** A host under test; each host supplies only `fetch`. */
export type ContractTarget = Pick<ApiTarget, "name" | "adminToken" | "fetch">;

export type JsonResponse<Body = unknown> = RawAnswer<Body>;

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** A request whose answer the test judges, whatever its status. */
export const call = <Body = Record<string, unknown>>(target: ContractTarget, method: string, path: string, options: RequestOptions = {}): Promise<JsonResponse<Body>> =>
  request<Body>(target, method, path, options);

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
