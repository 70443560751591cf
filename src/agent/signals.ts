/** The agent process's signals: SIGINT/SIGTERM stop it, SIGHUP goes to an exec child. */
export function installSignalHandlers(on: {
  stop(signal: NodeJS.Signals): void;
  hangup(): void;
}): () => void {
  const handlers = new Map<NodeJS.Signals, () => void>([
    ["SIGINT", () => on.stop("SIGINT")],
    ["SIGTERM", () => on.stop("SIGTERM")],
    ["SIGHUP", () => on.hangup()],
  ]);
  for (const [sig, h] of handlers) process.on(sig, h);
  return () => {
    for (const [sig, h] of handlers) process.off(sig, h);
  };
}
