/**
 * The pilot's only way into the books: HTTP, as any client. A target is a
 * fetch of paths, so the same run speaks to a TCP URL (the Node host, wrangler
 * dev, a deployed Worker) or to a Worker's fetch handler inside workerd.
 */

export interface PilotTarget {
  /** What answers, for the report: "embedded", a URL, "workerd". */
  name: string;
  adminToken: string;
  fetch(path: string, init: RequestInit): Promise<Response>;
}

/** A host's refusal, with the error envelope's code when it sent one. */
export class PilotHttpError extends Error {
  readonly status: number;
  readonly code: string | null;
  constructor(method: string, path: string, status: number, code: string | null, message: string) {
    super(`${method} ${path} answered ${status}${code === null ? "" : ` ${code}`}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

/** The host could not be reached at all: nothing listening, a reset connection, a name that does not resolve. */
export class PilotConnectionError extends Error {}

export function connectionFailureReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export function urlTarget(baseUrl: string, adminToken: string): PilotTarget {
  const base = baseUrl.replace(/\/+$/, "");
  return { name: base, adminToken, fetch: (path, init) => fetch(`${base}${path}`, init) };
}

async function refusal(method: string, path: string, response: Response): Promise<PilotHttpError> {
  const text = await response.text();
  try {
    const { error } = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof error?.code === "string" && typeof error.message === "string") return new PilotHttpError(method, path, response.status, error.code, error.message);
  } catch {
    // Not our envelope: a proxy's page, or a host that is not this app. Show its start.
  }
  return new PilotHttpError(method, path, response.status, null, text.slice(0, 200) || response.statusText);
}

/** Sends a request and reads a JSON answer, or throws the host's refusal. */
export async function requestJson<Body>(
  target: PilotTarget,
  method: string,
  path: string,
  options: { token: string; json?: unknown; body?: Uint8Array; contentType?: string },
): Promise<Body> {
  const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
  let body: BodyInit | null = null;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    headers["content-type"] = options.contentType ?? "application/octet-stream";
    body = options.body;
  }
  let response: Response;
  try {
    response = await target.fetch(path, { method, headers, body });
  } catch (error) {
    // fetch says only "fetch failed"; the socket's reason is in its cause.
    throw new PilotConnectionError(`${method} ${path}: cannot reach ${target.name} (${connectionFailureReason(error)})`);
  }
  if (!response.ok) throw await refusal(method, path, response);
  const text = await response.text();
  try {
    return JSON.parse(text) as Body;
  } catch {
    throw new PilotHttpError(method, path, response.status, null, `the answer is not JSON: ${text.slice(0, 200)}`);
  }
}
