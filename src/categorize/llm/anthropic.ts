/**
 * Anthropic's native Messages API with tool use: the same system prompt,
 * user content and tool as Chat Completions, in Anthropic's shape, the tool
 * forced with `tool_choice: {type: "tool"}`.
 */
import { systemPrompt, toolDescription, toolName, toolParameters, userContent, type LlmRequest } from "./contract.ts";
import { postJson, ProviderFailure, type Fetch, type LlmProvider, type ProviderAnswer } from "./provider.ts";

export const anthropicBaseUrl = "https://api.anthropic.com";
export const anthropicVersion = "2023-06-01";

interface Message {
  content?: { type?: string; name?: string; input?: unknown }[];
  usage?: { input_tokens?: number; output_tokens?: number };
}

export function messagesBody(model: string, request: LlmRequest): Record<string, unknown> {
  return {
    model,
    max_tokens: 4_096,
    temperature: 0,
    system: systemPrompt,
    messages: [{ role: "user", content: userContent(request) }],
    tools: [{ name: toolName, description: toolDescription, input_schema: toolParameters }],
    tool_choice: { type: "tool", name: toolName },
  };
}

export function readMessage(body: unknown): ProviderAnswer {
  const message = (typeof body === "object" && body !== null ? body : {}) as Message;
  const use = message.content?.find((block) => block.type === "tool_use" && block.name === toolName);
  if (use === undefined || use.input === undefined) throw new ProviderFailure("garbage", "the answer has no tool_use block");
  return { arguments: use.input, usage: { promptTokens: message.usage?.input_tokens ?? 0, completionTokens: message.usage?.output_tokens ?? 0 } };
}

export function anthropicProvider(options: { baseUrl: string; apiKey: string; model: string; fetch: Fetch }): LlmProvider {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/v1/messages`;
  const headers = { "x-api-key": options.apiKey, "anthropic-version": anthropicVersion };
  return {
    name: "anthropic",
    model: options.model,
    ask: async (request, signal) => readMessage(await postJson(options.fetch, url, headers, messagesBody(options.model, request), signal)),
  };
}
