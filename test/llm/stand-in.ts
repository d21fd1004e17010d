/**
 * A stand-in LLM provider on 127.0.0.1: an HTTP server that speaks OpenAI's
 * Chat Completions (`POST /v1/chat/completions`) and Anthropic's Messages
 * (`POST /v1/messages`) wire formats, answering the tool call the contract
 * forces. It is the only thing faked (there is no internet); the host talks
 * to it over real HTTP with its real drivers. It answers each item with the
 * four-digit code its description names ("CODE 6300"), or the chart's first
 * expense account, and a scenario decides how well it behaves.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export const scenarios = ["good", "outside-chart", "low-confidence", "malformed", "429-then-ok", "500", "hang", "empty-choices", "prose"] as const;
export type Scenario = (typeof scenarios)[number];

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

export interface StandIn {
  url: string;
  scenario: Scenario;
  requests: RecordedRequest[];
  /** Requests it holds open right now (a hang). */
  open(): number;
  close(): Promise<void>;
}

interface Item {
  ref: string;
  description: string;
}
interface ChartAccount {
  code: string;
  type: string;
}

function decisionsFor(scenario: Scenario, content: string): unknown[] {
  const { items, chart } = JSON.parse(content) as { items: Item[]; chart: ChartAccount[] };
  const fallback = chart.find((account) => account.type === "expense")?.code ?? "";
  return items.map((item) => {
    const named = /CODE (\d{4})/.exec(item.description)?.[1];
    const code = scenario === "outside-chart" ? "0000" : named !== undefined && chart.some((account) => account.code === named) ? named : fallback;
    return { ref: item.ref, accountCode: code, confidence: scenario === "low-confidence" ? 0.4 : 0.95, reason: `the stand-in read ${item.description.slice(0, 40)}` };
  });
}

const lastUserContent = (messages: unknown): string => {
  const list = messages as { role: string; content: string }[];
  return [...list].reverse().find((message) => message.role === "user")?.content ?? "{}";
};

function chatAnswer(scenario: Scenario, body: Record<string, unknown>): unknown {
  if (scenario === "empty-choices") return { choices: [] };
  if (scenario === "prose") return { choices: [{ message: { role: "assistant", content: "I think these are office supplies." } }] };
  const args = scenario === "malformed" ? '{"decisions": [{"ref": "i1", "accountCode": ' : JSON.stringify({ decisions: decisionsFor(scenario, lastUserContent(body.messages)) });
  return { choices: [{ message: { role: "assistant", tool_calls: [{ id: "call_1", type: "function", function: { name: "categorize_transactions", arguments: args } }] } }], usage: { prompt_tokens: 1200, completion_tokens: 300 } };
}

function messagesAnswer(scenario: Scenario, body: Record<string, unknown>): unknown {
  if (scenario === "empty-choices") return { content: [] };
  if (scenario === "prose") return { content: [{ type: "text", text: "Office supplies, probably." }] };
  const input = scenario === "malformed" ? { decisions: "soon" } : { decisions: decisionsFor(scenario, lastUserContent(body.messages)) };
  return { content: [{ type: "tool_use", id: "toolu_1", name: "categorize_transactions", input }], usage: { input_tokens: 1100, output_tokens: 280 } };
}

export async function startStandIn(): Promise<StandIn> {
  const sockets = new Set<Socket>();
  const held = new Set<ServerResponse>();
  let rateLimited = false;
  /** How the stand-in answers a request in a scenario, or "hold" to never answer. */
  const respond = (scenario: Scenario, path: string, body: Record<string, unknown>): "hold" | { status: number; body: unknown; headers?: Record<string, string> } => {
    if (scenario === "hang") return "hold";
    if (scenario === "500") return { status: 500, body: { error: { message: "the stand-in is down" } } };
    if (scenario === "429-then-ok" && !rateLimited) {
      rateLimited = true;
      return { status: 429, body: { error: { message: "slow down" } }, headers: { "retry-after": "0" } };
    }
    rateLimited = false;
    if (path === "/v1/chat/completions") return { status: 200, body: chatAnswer(scenario, body) };
    if (path === "/v1/messages") return { status: 200, body: messagesAnswer(scenario, body) };
    return { status: 404, body: { error: { message: "no such endpoint" } } };
  };
  const state: StandIn = {
    url: "",
    scenario: "good",
    requests: [],
    open: () => held.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
  const server = createServer((request, response) => {
    let raw = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (raw += chunk));
    request.on("end", () => {
      const body = JSON.parse(raw || "{}") as Record<string, unknown>;
      state.requests.push({ path: request.url ?? "", headers: request.headers, body });
      const answer = respond(state.scenario, request.url ?? "", body);
      if (answer === "hold") {
        held.add(response);
        response.on("close", () => held.delete(response));
        return;
      }
      response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      response.end(JSON.stringify(answer.body));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
