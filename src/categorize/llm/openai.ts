/**
 * OpenAI's Chat Completions, and every server that speaks it (Ollama, vLLM,
 * llama.cpp, the Workers AI REST endpoint): one POST to
 * `{baseUrl}/chat/completions` with the one tool, forced.
 */
import { systemPrompt, toolDescription, toolName, toolParameters, userContent, type LlmRequest } from "./contract.ts";
import { postJson, ProviderFailure, type Fetch, type LlmProvider, type ProviderAnswer } from "./provider.ts";

export const openAiBaseUrl = "https://api.openai.com/v1";

interface ChatCompletion {
  choices?: { message?: { tool_calls?: { function?: { name?: string; arguments?: unknown } }[] } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/** The body the contract fixes: the system message, the user's JSON, the one tool and `tool_choice` forcing it. */
export function chatCompletionBody(model: string, request: LlmRequest): Record<string, unknown> {
  return {
    model,
    temperature: 0,
    messages: [
      { role: "system", content: systemPrompt },
      { role: "user", content: userContent(request) },
    ],
    tools: [{ type: "function", function: { name: toolName, description: toolDescription, parameters: toolParameters } }],
    tool_choice: { type: "function", function: { name: toolName } },
  };
}

/** The first tool call's arguments and the usage, from a Chat Completions answer (the Workers AI REST endpoint answers the same). */
export function readChatCompletion(body: unknown): ProviderAnswer {
  const completion = (typeof body === "object" && body !== null ? body : {}) as ChatCompletion;
  // Only a call of our tool: a model that calls another (say, one it invented) has not answered.
  const call = completion.choices?.[0]?.message?.tool_calls?.find((candidate) => candidate.function?.name === toolName)?.function;
  if (call === undefined || call.arguments === undefined) throw new ProviderFailure("garbage", "the answer has no tool call (empty choices, or the model answered in prose)");
  return { arguments: call.arguments, usage: { promptTokens: completion.usage?.prompt_tokens ?? 0, completionTokens: completion.usage?.completion_tokens ?? 0 } };
}

export function openAiProvider(options: { baseUrl: string; apiKey: string | undefined; model: string; fetch: Fetch }): LlmProvider {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  const headers: Record<string, string> = options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` };
  return {
    name: "openai",
    model: options.model,
    ask: async (request, signal) => readChatCompletion(await postJson(options.fetch, url, headers, chatCompletionBody(options.model, request), signal)),
  };
}
