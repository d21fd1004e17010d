/** Command-line flags for the tools (seed, pilot): node's parseArgs, strict, and a flag given twice refused. */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { SeedOptionsError } from "./dataset.ts";

/** A mistake in how the tool was called; the tool prints it with its usage and exits 2. */
export class UsageError extends Error {}

export function parseFlags<const Options extends ParseArgsOptionsConfig>(args: readonly string[], options: Options) {
  return parseCommandLine(args, options, false).values;
}

/** The flags, and the arguments that are not flags (such as files), for a tool that takes both. */
export function parseFlagsAndArguments<const Options extends ParseArgsOptionsConfig>(args: readonly string[], options: Options) {
  return parseCommandLine(args, options, true);
}

function parseCommandLine<const Options extends ParseArgsOptionsConfig>(args: readonly string[], options: Options, allowPositionals: boolean) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], strict: true, allowPositionals, tokens: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // parseArgs keeps the last of a repeated flag; silently dropping the first would run something not asked for.
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option") continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given twice`);
    seen.add(token.name);
  }
  return parsed;
}

/** A number flag, or its default when absent; written as the user typed it, or refused in their words. */
export function numberFlag(name: string, text: string | undefined, fallback: number, integer: boolean): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  const wellFormed = integer ? /^\d+$/.test(text) : /^[\d.]+$/.test(text) && Number.isFinite(value);
  if (!wellFormed) throw new UsageError(`--${name} must be ${integer ? "a whole number" : "a number"}, not ${JSON.stringify(text)}`);
  // Past 2^53 a number no longer says what was typed; refuse it in the user's own digits.
  if (!Number.isSafeInteger(Math.trunc(value))) throw new UsageError(`--${name} is too large: ${text}`);
  return value;
}

/**
 * Parses a tool's flags; on --help prints the usage, and on a mistake prints
 * it with the usage. Either way then says the exit status to end with.
 */
export function parseOrExplain<Parsed>(tool: string, usage: string, parse: () => Parsed | "help"): { parsed: Parsed } | { exitCode: number } {
  try {
    const parsed = parse();
    if (parsed !== "help") return { parsed };
    process.stdout.write(`${usage}\n`);
    return { exitCode: 0 };
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof SeedOptionsError)) throw error;
    // The generator's own checks name the option without its dashes.
    const message = error instanceof SeedOptionsError ? `--${error.message}` : error.message;
    process.stderr.write(`${tool}: ${message}\n\n${usage}\n`);
    return { exitCode: 2 };
  }
}
