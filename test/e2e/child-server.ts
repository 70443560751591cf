/**
 * Runs the real `cofre server -config=FILE` as a child process (sqlite storage, tcp listener on
 * 127.0.0.1:0) and reads the bound address from its start-up log line. The child gets its own
 * process group so a signal reaches the server even when it runs under `npx tsx`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const cliEntry = join(repoRoot, "bin", "cofre.ts");

export interface ServerDir {
  dir: string;
  configPath: string;
  dbPath: string;
  remove(): Promise<void>;
}

/** A temp dir holding an HCL config: storage "sqlite" in the dir, listener on a free port. */
export async function makeServerDir(): Promise<ServerDir> {
  const dir = await mkdtemp(join(tmpdir(), "cofre-e2e-"));
  const dbPath = join(dir, "data", "cofre.db");
  const configPath = join(dir, "cofre.hcl");
  const hcl = [
    `storage "sqlite" {`,
    `  path = ${JSON.stringify(dbPath)}`,
    `}`,
    `listener "tcp" {`,
    `  address     = "127.0.0.1:0"`,
    `  tls_disable = true`,
    `}`,
    `log_level = "info"`,
    ``,
  ].join("\n");
  await writeFile(configPath, hcl, { mode: 0o600 });
  return { dir, configPath, dbPath, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface ChildServer {
  addr: string;
  /** Everything the server wrote to stderr (its log) so far. */
  log(): string;
  /** Sends `signal` to the child's process group and resolves once the child has exited. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` to the child's process group without waiting (SIGHUP: reload). */
  signal(signal: NodeJS.Signals): void;
}

export interface ChildOptions {
  /** Start through `npx tsx` as a user would (slower); default `node --import tsx`. */
  npx?: boolean;
}

const START_TIMEOUT_MS = 20_000;

export function startChildServer(configPath: string, opts: ChildOptions = {}): Promise<ChildServer> {
  const args = ["server", `-config=${configPath}`];
  const child: ChildProcess = opts.npx
    ? spawn("npx", ["--no-install", "tsx", cliEntry, ...args], {
        cwd: repoRoot,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      })
    : spawn(process.execPath, ["--import", "tsx", cliEntry, ...args], {
        cwd: repoRoot,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
  let stderr = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  const send = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is already gone
      }
    }
  };
  const stop: ChildServer["stop"] = async (signal = "SIGTERM") => {
    send(signal);
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop("SIGKILL");
      reject(new Error(`cofre server did not start within ${START_TIMEOUT_MS} ms: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.stdout?.resume();
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /"msg":"cofre server started","addresses":\["([^"]+)"/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ addr: `http://${m[1]}`, log: () => stderr, stop, signal: send });
      }
    });
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`cofre server exited during start-up (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}
