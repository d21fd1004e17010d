/**
 * What a run knows while it runs: the tenants, the ids it has seen (setup's,
 * and every id a 2xx answer showed since), and how a request plan becomes the
 * exact request sent, which is also what a fault's reproduction shows.
 */
import type { FuzzBody } from "./bodies.ts";
import type { AuthChoice, IdChoice, RequestPlan } from "./operations.ts";
import type { FuzzTarget, Tenant } from "./tenants.ts";

export interface ConcreteRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** Operation template, for grouping. */
  template: string;
  /** The document's method for the template, when `method` is another. */
  operationMethod: string;
  auth: AuthChoice;
  headers: Record<string, string>;
  body: FuzzBody | undefined;
}

/** The id-holding segment of a collection path, for ids seen in its answers. */
const parameterOfCollection: Record<string, string> = {
  "api-keys": "apiKeyId",
  "bank-accounts": "bankAccountId",
  imports: "importId",
  transactions: "transactionId",
  rules: "ruleId",
  documents: "documentId",
};

/** Fields that name a transaction the books hold; a bank account id in a rule's conditions may be any text the client sent. */
const idFields = ["transactionId", "transferTransactionId"];

export class World {
  readonly own: Tenant;
  readonly other: Tenant;

  constructor(own: Tenant, other: Tenant) {
    this.own = own;
    this.other = other;
  }

  private pick(tenant: Tenant, parameter: string, index: number): string | undefined {
    const list = tenant.ids.get(parameter);
    return list === undefined || list.length === 0 ? undefined : list[index % list.length];
  }

  /** An id for a path, never of the bystander when the credentials could act on it. */
  resolveId(parameter: string, choice: IdChoice, auth: AuthChoice): string {
    if (choice.kind === "literal") return choice.raw ? choice.value : encodeURIComponent(choice.value);
    const mayTouchBystander = auth === "admin" || auth === "otherKey";
    const tenant = choice.kind === "other" && !mayTouchBystander ? this.other : this.own;
    return this.pick(tenant, parameter, choice.pick) ?? "00000000-0000-4000-8000-000000000000";
  }

  /** The Authorization header the credentials make; none for none. */
  authorization(auth: AuthChoice, target: FuzzTarget, template: string): string | undefined {
    switch (auth) {
      case "own":
        // Routes outside any company are the admin's: there the run's own principal is the admin.
        return template.includes("{companyId}") || template === "/health" ? `Bearer ${this.own.apiKey}` : `Bearer ${target.adminToken}`;
      case "admin":
        return `Bearer ${target.adminToken}`;
      case "otherKey":
        return `Bearer ${this.other.apiKey}`;
      case "wrong":
        return `Bearer ${this.own.apiKey.slice(0, -1)}x`;
      case "malformed":
        return `Basic ${this.own.apiKey}`;
      case "none":
        return undefined;
    }
  }

  /** The text with each id placeholder (schema-arbitrary.ts) swapped for a real id of the run. */
  private fill(text: string, auth: AuthChoice): string {
    return text.replace(/@@(\w+)#(\d+)@@/g, (_, parameter: string, pick: string) => this.resolveId(parameter.replace("transferT", "t"), { kind: "own", pick: Number(pick) }, auth));
  }

  private fillPlaceholders(body: FuzzBody | undefined, auth: AuthChoice): FuzzBody | undefined {
    if (body === undefined || !(body.contentType ?? "").includes("json")) return body;
    const text = new TextDecoder().decode(body.bytes);
    if (!text.includes("@@")) return body;
    return { contentType: body.contentType, bytes: new TextEncoder().encode(this.fill(text, auth)) };
  }

  concrete(plan: RequestPlan): ConcreteRequest {
    const { operation, auth } = plan;
    const path = operation.template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const choice = plan.pathIds[name] ?? { kind: "own", pick: 0 };
      // The run's own key is never revoked by the run: everything after would answer 401.
      const id = this.resolveId(name, choice, auth);
      return name === "apiKeyId" && id === this.own.apiKeyId ? "00000000-0000-4000-8000-000000000000" : id;
    });
    const encoded = new URLSearchParams(plan.query.map(([name, value]): [string, string] => [name, this.fill(value, auth)])).toString();
    const parts = [encoded, plan.rawQuery].filter((part) => part !== "");
    const query = parts.length === 0 ? "" : `?${parts.join("&")}`;
    // A GET has no body; a plan that moved to GET keeps its body only under a method that takes one.
    const method = plan.body !== undefined && plan.method === "GET" ? operation.method : plan.method;
    return { method, path: path + query, template: operation.template, operationMethod: operation.method, auth, headers: plan.headers, body: this.fillPlaceholders(plan.body, auth) };
  }

  /** Ids a 2xx answer showed, to address later; never a company's (the bystander's among them) nor the run's own key. */
  harvest(sent: ConcreteRequest, body: unknown): void {
    if (sent.auth !== "own" && sent.auth !== "admin") return;
    if (!sent.path.startsWith(`/v1/companies/${this.own.companyId}`)) return;
    const collection = sent.template.split("/").filter((s) => !s.startsWith("{")).at(-1) ?? "";
    this.walk(body, parameterOfCollection[collection], 0);
  }

  private walk(value: unknown, parameter: string | undefined, depth: number): void {
    if (depth > 6 || typeof value !== "object" || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value.slice(0, 50)) this.walk(item, parameter, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    const isEntity = parameter !== undefined && typeof record.id === "string";
    if (isEntity) this.remember(parameter, record.id as string);
    for (const field of idFields) if (typeof record[field] === "string") this.remember(field.replace("transferT", "t"), record[field]);
    // Below an entity, an `id` is another kind's (a bank account's ledger account): not this collection's.
    for (const child of Object.values(record)) this.walk(child, isEntity ? undefined : parameter, depth + 1);
  }

  private remember(parameter: string, id: string): void {
    if (id === this.own.apiKeyId) return;
    const list = this.own.ids.get(parameter) ?? [];
    if (list.includes(id) || list.length >= 200) return;
    list.push(id);
    this.own.ids.set(parameter, list);
  }
}
