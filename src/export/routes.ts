import { createRoute, z } from "@hono/zod-openapi";
import { scopeToCompany } from "../companies/auth.ts";
import { companyIdParams } from "../companies/schemas.ts";
import { bearerSecurity, commonErrors } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { exportHledgerJournal } from "./service.ts";

const hledgerRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/export/ledger.journal",
  tags: ["Export"],
  summary: "The books as an hledger journal: `hledger -f ledger.journal balance` agrees with the trial balance",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: companyIdParams },
  responses: { 200: { content: { "text/plain": { schema: z.string() } }, description: "An hledger journal" }, ...commonErrors },
});

/** An async generator of text as a response body, read only as fast as the client takes it. */
function textStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
}

/**
 * The exports stream their bodies, which the typed OpenAPI handler cannot
 * say; each route is documented in the registry and served as a plain GET.
 */
export const exportRoutes = createRouter();
exportRoutes.openAPIRegistry.registerPath(hledgerRoute);
exportRoutes.get("/v1/companies/:companyId/export/ledger.journal", scopeToCompany, (c) => {
  const { company, db } = c.var;
  return c.body(textStream(exportHledgerJournal(db, company)), 200, {
    "content-type": "text/plain; charset=utf-8",
    "content-disposition": 'attachment; filename="ledger.journal"',
  });
});
