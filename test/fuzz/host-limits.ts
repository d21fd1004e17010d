/**
 * The Node host's upload limits in a fuzz run: the workerd project's (vitest.config.ts),
 * so both hosts meet the same "too large" edge, and it is cheap to reach.
 */
export const fuzzHostLimits = {
  importBytesMax: 64 * 1024,
  documentBytesMax: 64 * 1024,
} as const;
