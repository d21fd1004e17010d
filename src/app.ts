/**
 * The one Hono app both hosts serve. A host supplies only what differs
 * between them: how to reach the database and where configuration lives.
 */
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { bankAccountRoutes } from "./bank-accounts/routes.ts";
import { authenticate } from "./companies/auth.ts";
import { companyRoutes } from "./companies/routes.ts";
import type { LlmSettings } from "./categorize/llm/config.ts";
import type { Tier } from "./categorize/pipeline.ts";
import type { Ocr } from "./documents/read.ts";
import type { Database } from "./db/database.ts";
import type { AppConfig, AppEnv } from "./http/env.ts";
import { docsRoutes, type DocsAssets } from "./http/docs.ts";
import { jsonContent } from "./http/openapi.ts";
import { exportRoutes } from "./export/routes.ts";
import { metricsRoutes } from "./metrics/routes.ts";
import { documentRoutes } from "./documents/routes.ts";
import { ingestRoutes } from "./ingest/routes.ts";
import { llmRoutes } from "./llm/routes.ts";
import { transactionRoutes } from "./transactions/routes.ts";
import { ruleRoutes } from "./rules/routes.ts";
import { ledgerRoutes } from "./ledger/routes.ts";
import { AppError, asAppError, type ErrorCode } from "./http/errors.ts";
import { UploadBudget } from "./http/upload-budget.ts";
import { limitRequestRate, TokenBuckets, type RateLimiter } from "./http/rate-limit.ts";

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["Service"],
  summary: "Liveness: answers without touching the database or needing a key",
  responses: { 200: jsonContent(z.object({ status: z.literal("ok") }), "The service is up") },
});

/** What a host supplies: everything that differs between the edge, the embedded host and a test. */
export interface Host<Bindings extends object> {
  database(bindings: Bindings): Database;
  config(bindings: Bindings): AppConfig;
  /** The categorization pipeline's tiers, in order (src/categorize/tiers.ts assembles the default). */
  tiers(bindings: Bindings): readonly Tier[];
  /** Reads the text in a photo, where the host can. */
  ocr(bindings: Bindings): Ocr | undefined;
  /** The LLM tier's settings (provider null: off). */
  llm(bindings: Bindings): LlmSettings;
  /** Runs `task` after the answer is sent: waitUntil on Workers, a tracked promise on Node. */
  defer(task: () => Promise<void>, request: DeferringRequest): Promise<void>;
  /**
   * Counts requests per key (the Workers Rate Limiting binding); when left out, or
   * it answers undefined, the app keeps its own token buckets at the config's
   * requestsPerKeyPerMinute (0: no limit).
   */
  rateLimiter?(bindings: Bindings): RateLimiter | undefined;
  /** Swagger UI's files, for the API reference at /docs; a host without them answers /docs with 404. */
  readonly docsAssets?: DocsAssets;
}

/** What deferring needs of a request: its execution context, where the host has one (Hono's getter throws where it has not). */
export interface DeferringRequest {
  readonly executionCtx: { waitUntil(promise: Promise<unknown>): void };
}

/**
 * Hono's defaults (nosniff, HSTS for when TLS is terminated in front,
 * no referrer, same-origin resource and opener policies), with what an API
 * that serves no pages wants on top: nothing may load or frame an answer.
 * overwrite false leaves the API reference (/docs) its own policy, which
 * lets its own scripts and styles run.
 */
const apiSecureHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  xFrameOptions: "DENY",
  overwrite: false,
});

type HostEnv<Bindings extends object> = AppEnv & { Bindings: Bindings };

const codeForHttpStatus: Readonly<Record<number, ErrorCode>> = {
  400: "malformed_json",
  401: "unauthorized",
  404: "not_found",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/** A refusal that says when to try again (details.retryAfterSeconds) says it in the header too, where clients look. */
function retryAfterSecondsOf(answer: AppError): number | undefined {
  const details: unknown = answer.details;
  if (typeof details !== "object" || details === null || !("retryAfterSeconds" in details)) return undefined;
  return typeof details.retryAfterSeconds === "number" ? details.retryAfterSeconds : undefined;
}

/** Every failure leaves as the same envelope; nothing internal (no stack, no SQL) leaves at all. */
function toErrorResponse(error: unknown, c: Context): Response {
  const answer = asAppError(error);
  if (answer !== undefined) {
    const retryAfter = retryAfterSecondsOf(answer);
    if (retryAfter !== undefined) c.header("Retry-After", String(retryAfter));
    return c.json(answer.toEnvelope(), answer.status);
  }
  if (error instanceof HTTPException) {
    const code = codeForHttpStatus[error.status];
    if (code !== undefined) return c.json(new AppError(code, error.message || code).toEnvelope(), error.status);
  }
  // The request id ties the client's report to this log line without leaking anything.
  const id = c.get("requestId");
  console.error(`[${id}] ${c.req.method} ${c.req.path} failed:`, error);
  const internal = new AppError("internal_error", "Something went wrong on our side; it has been logged", { requestId: id });
  return c.json(internal.toEnvelope(), 500);
}

export function createApp<Bindings extends object>(host: Host<Bindings>): OpenAPIHono<HostEnv<Bindings>> {
  const app = new OpenAPIHono<HostEnv<Bindings>>();
  // One per app: a Node process, or a Worker isolate. Its bound is read from the first request's config.
  let uploads: UploadBudget | undefined;
  // Likewise the app's own request counts, when the host has no limiter of its own.
  let ownRateLimiter: RateLimiter | undefined;
  const rateLimiterOf = (bindings: Bindings, config: AppConfig): RateLimiter | undefined => {
    const perMinute = config.limits.requestsPerKeyPerMinute;
    if (perMinute === 0) return undefined;
    return host.rateLimiter?.(bindings) ?? (ownRateLimiter ??= new TokenBuckets(perMinute));
  };

  app.use("*", requestId());
  app.use("*", apiSecureHeaders);
  app.use("*", async (c, next) => {
    c.set("db", host.database(c.env));
    const config = host.config(c.env);
    c.set("config", config);
    uploads ??= new UploadBudget(config.uploadsInFlightBytesMax);
    c.set("uploads", uploads);
    c.set("rateLimiter", rateLimiterOf(c.env, config));
    c.set("tiers", host.tiers(c.env));
    c.set("llm", host.llm(c.env));
    c.set("ocr", host.ocr(c.env));
    c.set("defer", (task) => host.defer(task, c));
    await next();
  });

  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200));
  // Like /health and /openapi.json, the reference needs no key: it shows the document, which is public.
  if (host.docsAssets !== undefined) app.route("/", docsRoutes(host.docsAssets));

  app.use("/v1/*", authenticate);
  // Where the caller is known: each key (and the admin token) is counted on its own.
  app.use("/v1/*", limitRequestRate);
  app.route("/", companyRoutes);
  app.route("/", bankAccountRoutes);
  app.route("/", ledgerRoutes);
  app.route("/", ingestRoutes);
  app.route("/", transactionRoutes);
  app.route("/", ruleRoutes);
  app.route("/", exportRoutes);
  app.route("/", llmRoutes);
  app.route("/", documentRoutes);
  app.route("/", metricsRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A company API key (`bk_...`), or the admin token for admin routes",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "AI Bookkeeper API",
      version: "1.0.0",
      description: "Bank CSVs in, balanced double-entry books out. Money is integer minor units; dates are YYYY-MM-DD.",
    },
  });

  app.notFound((c) =>
    c.json(new AppError("not_found", `No route for ${c.req.method} ${c.req.path}`).toEnvelope(), 404),
  );
  app.onError(toErrorResponse);
  return app;
}
