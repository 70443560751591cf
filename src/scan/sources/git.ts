import { spawn } from "node:child_process";
import { once } from "node:events";
import { InvalidRequestError } from "../../errors.js";

/**
 * Runs git and hands its output to `onLine` one line at a time (as byte strings), reading the
 * stream as it comes: when `onLine` returns a promise, reading pauses until it settles, so a slow
 * consumer holds git back instead of buffering its output.
 */
export async function streamGitLines(
  cwd: string,
  args: readonly string[],
  onLine: (line: string) => Promise<void> | undefined,
): Promise<void> {
  const child = spawn("git", [...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  const closed = once(child, "close");
  const spawnError = new Promise<never>((_, reject) => {
    child.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        new InvalidRequestError(
          err.code === "ENOENT" ? "git is not installed or not on PATH" : `git failed: ${err.message}`,
        ),
      ),
    );
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString("utf8");
  });
  const read = (async () => {
    let rest = "";
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      const text = rest + chunk.toString("latin1");
      let start = 0;
      for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
        const wait = onLine(text.slice(start, nl));
        start = nl + 1;
        if (wait) await wait;
      }
      rest = text.slice(start);
    }
    if (rest !== "") await onLine(rest);
    const [code] = (await closed) as [number | null];
    if (code !== 0) {
      const reason = stderr.split("\n").find((l) => l.trim() !== "") ?? `exit code ${code}`;
      throw new InvalidRequestError(
        `git ${args.find((a) => !a.startsWith("-") && !a.includes("=")) ?? ""}: ${reason.trim()}`,
      );
    }
  })();
  await Promise.race([read, spawnError]);
}

/** Runs a short git command and returns its trimmed stdout, or throws a clear error. */
export async function gitOutput(cwd: string, args: readonly string[]): Promise<string> {
  let out = "";
  await streamGitLines(cwd, args, (line) => {
    out += `${line}\n`;
    return undefined;
  });
  return out.trim();
}

/** A ref or revision range the user passed: nothing git could take as an option. */
export function checkRevision(value: string, what: string): string {
  if (!/^[^\s-][^\s]{0,250}$/.test(value))
    throw new InvalidRequestError(`invalid ${what}: ${JSON.stringify(value.slice(0, 60))}`);
  return value;
}
