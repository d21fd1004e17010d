/**
 * `npm run pilot -- --llm openai --llm-url …` against a server that speaks
 * Chat Completions (the stand-in on 127.0.0.1): the embedded host's LLM tier
 * asks it, with the key from LLM_API_KEY, and the pilot reports what the
 * tier posted and what it cost; the flags are refused where they cannot apply.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "../run-script.ts";
import { startStandIn, type StandIn } from "./stand-in.ts";

const cli = join(import.meta.dirname, "../../pilot/cli.ts");
const out = mkdtempSync(join(tmpdir(), "bookkeeper-pilot-llm-"));
let standIn: StandIn;

beforeAll(async () => {
  standIn = await startStandIn();
});

afterAll(async () => {
  await standIn.close();
  rmSync(out, { recursive: true, force: true });
});

describe("the pilot with an OpenAI-compatible provider", () => {
  it("books through the embedded host's LLM tier, which asks the server, and reports the tier's figures", async () => {
    const secret = "sk-pilot-secret-77";
    const outcome = await runScript(cli, ["--companies", "1", "--months", "2", "--llm", "openai", "--llm-url", `${standIn.url}/v1`, "--llm-model", "stand-in-1", "--out", out], { ...process.env, LLM_API_KEY: secret });
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(standIn.requests.length).toBeGreaterThan(0);
    expect(standIn.requests.every((request) => request.headers.authorization === `Bearer ${secret}` && request.path === "/v1/chat/completions")).toBe(true);
    expect(outcome.stdout).toMatch(/LLM tier: posted \d+ transactions, \d+ right .*; [1-9]\d* calls/);
    expect(outcome.stdout).toMatch(/Month 1 \(2025-01, the cold start\): automation \d+\.\d%, accuracy \d+\.\d%/);
    expect(`${outcome.stdout}${outcome.stderr}`).not.toContain(secret);
  });

  it.each([
    [["--llm", "gpt"], /--llm is mock, openai, anthropic or off/],
    [["--llm", "openai"], /at OpenAI.s own URL needs LLM_API_KEY/],
    [["--llm", "openai", "--llm-url", "http://127.0.0.1:11434/v1"], /needs --llm-model/],
    [["--llm", "anthropic", "--llm-model", "m"], /needs LLM_API_KEY/],
    [["--url", "http://127.0.0.1:9", "--llm", "mock"], /a host at --url uses its own LLM_\* settings/],
    [["--llm", "mock", "--llm-url", "http://127.0.0.1:11434/v1"], /go with --llm openai or --llm anthropic/],
    [["--llm-model", "m"], /go with --llm openai or --llm anthropic/],
  ])("refuses %j with a usage error", async (args, message) => {
    const outcome = await runScript(cli, [...args], { ...process.env, LLM_API_KEY: "" });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(message);
  });
});
