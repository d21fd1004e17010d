/**
 * Workers AI through the Worker's `AI` binding: the same messages and tool,
 * through `env.AI.run`. Models answer either in Workers AI's own shape
 * (`tool_calls: [{name, arguments}]`) or in Chat Completions' (`choices`);
 * both are read. The binding is remote-only: offline it is absent, and the
 * tier is off (config.ts says so once).
 */
import { systemPrompt, toolDescription, toolName, toolParameters, userContent } from "./contract.ts";
import { readChatCompletion } from "./openai.ts";
import { ProviderFailure, type LlmProvider, type ProviderAnswer } from "./provider.ts";

/** The part of the `AI` binding this driver uses. */
export interface AiBinding {
  run(model: string, inputs: Record<string, unknown>): Promise<unknown>;
}

export const workersAiDefaultModel = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";

interface WorkersAiAnswer {
  tool_calls?: { name?: string; arguments?: unknown }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

export function readWorkersAiAnswer(body: unknown): ProviderAnswer {
  if (typeof body === "object" && body !== null && "choices" in body) return readChatCompletion(body);
  const answer = (typeof body === "object" && body !== null ? body : {}) as WorkersAiAnswer;
  const call = answer.tool_calls?.find((candidate) => candidate.name === toolName) ?? answer.tool_calls?.[0];
  if (call === undefined || call.arguments === undefined) throw new ProviderFailure("garbage", "the answer has no tool call");
  return { arguments: call.arguments, usage: { promptTokens: answer.usage?.prompt_tokens ?? 0, completionTokens: answer.usage?.completion_tokens ?? 0 } };
}

/** The binding takes no signal, so a late answer is raced against it and dropped. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = (): void => {
      reject(new ProviderFailure("timeout", "Workers AI did not answer in time"));
    };
    if (signal.aborted) fail();
    else signal.addEventListener("abort", fail, { once: true });
  });
}

export function workersAiProvider(options: { ai: AiBinding; model: string }): LlmProvider {
  return {
    name: "workers-ai",
    model: options.model,
    async ask(request, signal) {
      const inputs = {
        messages: [
          { role: "system", content: systemPrompt },
          { role: "user", content: userContent(request) },
        ],
        tools: [{ type: "function", function: { name: toolName, description: toolDescription, parameters: toolParameters } }],
        tool_choice: { type: "function", function: { name: toolName } },
        temperature: 0,
      };
      let body: unknown;
      try {
        body = await Promise.race([options.ai.run(options.model, inputs), untilAborted(signal)]);
      } catch (error) {
        if (error instanceof ProviderFailure) throw error;
        // The binding's errors carry no status; a message naming a limit is a rate limit, the rest the service's.
        const message = error instanceof Error ? error.message : String(error);
        throw new ProviderFailure(/\b(429|rate|capacity|too many)\b/i.test(message) ? "rate_limited" : "server_error", "Workers AI failed to answer");
      }
      return readWorkersAiAnswer(body);
    },
  };
}
