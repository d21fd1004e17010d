/** Runs one of the project's command-line entry points as `npm run` does, and reports how it ended. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface ScriptOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ScriptOutcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--disable-warning=ExperimentalWarning", script, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as ScriptOutcome;
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}
