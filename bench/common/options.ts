/** Command-line options the benchmarks share: numbers given as a flag or an environment variable. */

/**
 * The number in `flag`, else in the environment variable `env`, else `fallback`. Throws unless it
 * is positive (or, with `allowZero`, not negative).
 */
export function numberOption(
  flag: string | undefined,
  env: string,
  fallback: number,
  { allowZero = false } = {},
): number {
  const text = flag ?? process.env[env];
  if (text === undefined || text === "") return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero)) {
    throw new Error(`${env} / flag: not a ${allowZero ? "non-negative" : "positive"} number: ${text}`);
  }
  return n;
}

/** The extra node arguments for the server child (--server-node-args, else BENCH_SERVER_NODE_ARGS). */
export function serverNodeArgs(flag: string | undefined): string[] {
  return (flag ?? process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
}
