/**
 * The one HTTP client of the API, for everything in this repository that
 * speaks to a host: the pilot, the load test's runner, the contract suites,
 * the benches. A target is a fetch of paths, so the same code speaks to a
 * TCP URL (the Node host, wrangler dev, a deployed Worker) or to a Worker's
 * fetch handler inside workerd. Answers are checked against the app's own
 * zod schemas (client/answers.ts), so a client cannot drift from the API.
 */
import type { z } from "zod";

export interface ApiTarget {
  /** What answers, for the report: "embedded", a URL, "workerd". */
  name: string;
  adminToken: string;
  fetch(path: string, init: RequestInit): Promise<Response>;
  /** Aborts every request in flight, and every later one: how Ctrl-C stops a run mid-request. */
  signal?: AbortSignal;
  /** How long one request may take before the host counts as gone. */
  timeoutMs?: number;
}

/** A host's refusal, with the error envelope's code when it sent one. */
export class ApiHttpError extends Error {
  readonly status: number;
  readonly code: string | null;
  constructor(method: string, path: string, status: number, code: string | null, message: string) {
    super(`${method} ${path} answered ${status}${code === null ? "" : ` ${code}`}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

/** The host answered, but not as this API does: not JSON, or not the shape the contract says. */
export class ApiAnswerError extends Error {}

/** The host could not be reached at all: nothing listening, a reset connection, a name that does not resolve, no answer in time. */
export class ApiConnectionError extends Error {}

/** The run was asked to stop (the target's signal) while a request was in flight. */
export class ApiInterrupted extends Error {}

export function connectionFailureReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export function urlTarget(baseUrl: string, adminToken: string): ApiTarget {
  const base = baseUrl.replace(/\/+$/, "");
  return { name: base, adminToken, fetch: (path, init) => fetch(`${base}${path}`, init) };
}

async function refusal(method: string, path: string, response: Response): Promise<ApiHttpError> {
  const text = await response.text();
  try {
    const { error } = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof error?.code === "string" && typeof error.message === "string") return new ApiHttpError(method, path, response.status, error.code, error.message);
  } catch {
    // Not our envelope: a proxy's page, or a host that is not this app. Show its start.
  }
  return new ApiHttpError(method, path, response.status, null, text.slice(0, 200) || response.statusText);
}

function signalFor(target: ApiTarget): AbortSignal | null {
  const signals = [target.signal, target.timeoutMs === undefined ? undefined : AbortSignal.timeout(target.timeoutMs)].filter((s) => s !== undefined);
  if (signals.length === 0) return null;
  return signals.length === 1 ? (signals[0] as AbortSignal) : AbortSignal.any(signals);
}

export interface RequestOptions {
  /** An API key or the admin token; left out, the request carries none. */
  token?: string | undefined;
  json?: unknown;
  body?: BodyInit | undefined;
  contentType?: string;
  /** More headers, as sent: a test's hostile ones included. */
  headers?: Record<string, string>;
}

function requestInit(method: string, options: RequestOptions): RequestInit {
  const headers = new Headers(options.headers);
  if (options.token !== undefined) headers.set("authorization", `Bearer ${options.token}`);
  let body: BodyInit | null = null;
  if (options.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    // Without a type, fetch's own applies (text/plain for a string): a test may want just that.
    if (options.contentType !== undefined) headers.set("content-type", options.contentType);
    body = options.body;
  }
  return { method, headers, body };
}

/** Whatever the host answered, refusals included: its status, headers, text, and the text as JSON where it is JSON. */
export interface RawAnswer<Body = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: Body;
}

/** Sends a request and reads the answer whatever its status: for callers that judge answers themselves (the contract suites). */
export async function request<Body = unknown>(target: Pick<ApiTarget, "fetch">, method: string, path: string, options: RequestOptions = {}): Promise<RawAnswer<Body>> {
  const response = await target.fetch(path, requestInit(method, options));
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: body as Body };
}

/** Sends a request and reads its answer as text (a 2xx), or throws why it could not. */
export async function sendForText(target: ApiTarget, method: string, path: string, options: RequestOptions): Promise<{ status: number; text: string }> {
  let response: Response;
  let text: string;
  try {
    response = await target.fetch(path, { ...requestInit(method, options), signal: signalFor(target) });
    if (!response.ok) throw await refusal(method, path, response);
    text = await response.text();
  } catch (error) {
    if (error instanceof ApiHttpError) throw error;
    if (target.signal?.aborted) throw new ApiInterrupted(`${method} ${path} was stopped`);
    if ((error as Error).name === "TimeoutError") throw new ApiConnectionError(`${method} ${path}: ${target.name} gave no answer within ${(target.timeoutMs ?? 0) / 1000} s`);
    // fetch says only "fetch failed"; the socket's reason is in its cause.
    throw new ApiConnectionError(`${method} ${path}: cannot reach ${target.name} (${connectionFailureReason(error)})`);
  }
  return { status: response.status, text };
}

/** Sends a request and reads its JSON answer, checked against the contract's shape; or throws why it could not. */
export async function send<Schema extends z.ZodType>(
  target: ApiTarget,
  method: string,
  path: string,
  options: RequestOptions,
  schema: Schema,
): Promise<{ status: number; body: z.infer<Schema> }> {
  const { status, text } = await sendForText(target, method, path, options);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiAnswerError(`${method} ${path} answered ${status} with something other than JSON: ${text.slice(0, 200)}`);
  }
  const checked = schema.safeParse(parsed);
  if (!checked.success) {
    const where = checked.error.issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "(the body)"}: ${issue.message}`);
    throw new ApiAnswerError(`${method} ${path} answered ${status}, but not as this API does (${where.join("; ")}); is ${target.name} this app, and the same version?`);
  }
  return { status, body: checked.data };
}
