import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseDataArgs } from "../data-args.js";
import { failWith, UsageError } from "../errors.js";
import type { LoginMethod } from "./method.js";

const WAIT_MS = 5 * 60_000;
const PAGE = (message: string) =>
  `<!doctype html><meta charset="utf-8"><title>cofre</title><p style="font-family:sans-serif">${message}</p>`;

interface Callback {
  state: string;
  code: string;
  error: string;
}

/**
 * `-method=oidc`: the browser login. Listens on `listenaddress:port` (localhost:8250 as Vault's
 * CLI; port=0 picks a free one, which the server accepts for a loopback redirect URI), asks the
 * server for the provider's authorization URL, opens it in the browser (or prints it with
 * skip_browser=true), waits for the provider's redirect to `/oidc/callback`, and completes the
 * login with its state and code. Nothing but the URL is printed; the page tells the user to go
 * back to the terminal.
 */
export const oidcLogin: LoginMethod = {
  name: "oidc",
  usage:
    "cofre login -method=oidc [role=ROLE] [port=8250] [listenaddress=localhost] [callbackhost=localhost] [skip_browser=true]",
  async login({ ctx, client, args, mountPath }) {
    const data = await parseDataArgs(ctx, args);
    const text = (key: string, fallback: string) => {
      const v = data[key] ?? fallback;
      if (typeof v !== "string") throw new UsageError(`give ${key}=VALUE once`);
      return v;
    };
    const role = text("role", "");
    const listen = text("listenaddress", "localhost");
    const callbackHost = text("callbackhost", "localhost");
    const port = Number(text("port", "8250"));
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("port must be 0-65535");
    const skipBrowser = /^(1|t|true)$/i.test(text("skip_browser", "false"));

    const { server, callback } = await listenForCallback(listen, port);
    try {
      const actualPort = (server.address() as AddressInfo).port;
      const redirectUri = `http://${callbackHost}:${actualPort}/oidc/callback`;
      const clientNonce = randomBytes(16).toString("hex");
      const start = await client
        .write(`auth/${mountPath}/oidc/auth_url`, {
          role,
          redirect_uri: redirectUri,
          client_nonce: clientNonce,
        })
        .catch(failWith("Error starting the OIDC login"));
      const authUrl = start?.data?.auth_url;
      if (typeof authUrl !== "string" || authUrl === "")
        throw new UsageError("the server returned no authorization URL (is the role an oidc role?)");
      ctx.io.stderr.write(
        `Complete the login via your OIDC provider. ${skipBrowser ? "Open this URL in your browser" : "Launching browser to"}:\n\n    ${authUrl}\n\nWaiting for OIDC authentication to complete...\n`,
      );
      if (!skipBrowser) openBrowser(authUrl);
      const got = await callback;
      if (got.error !== "")
        throw new UsageError(`the OIDC provider refused the login: ${got.error.slice(0, 100)}`);
      const secret = await client
        .read(`auth/${mountPath}/oidc/callback`, {
          state: got.state,
          code: got.code,
          client_nonce: clientNonce,
        })
        .catch(failWith("Error authenticating"));
      const token = secret?.auth?.client_token;
      if (!secret || !token) throw new UsageError("the server returned no token");
      return { token, secret };
    } finally {
      server.closeAllConnections();
      server.close();
    }
  },
};

/** A one-shot local HTTP server that resolves with the first `/oidc/callback` it receives. */
async function listenForCallback(
  host: string,
  port: number,
): Promise<{ server: Server; callback: Promise<Callback> }> {
  let deliver!: (c: Callback) => void;
  let fail!: (e: Error) => void;
  const callback = new Promise<Callback>((resolve, reject) => {
    deliver = resolve;
    fail = reject;
  });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/oidc/callback") {
      res.writeHead(404).end();
      return;
    }
    const q = url.searchParams;
    const error = q.get("error") ?? "";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(
      PAGE(
        error
          ? "The login failed. You can close this window."
          : "Signed in to cofre. You can close this window and go back to your terminal.",
      ),
    );
    deliver({ state: q.get("state") ?? "", code: q.get("code") ?? "", error });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err) =>
      reject(
        new UsageError(`cannot listen on ${host}:${port} for the OIDC callback: ${(err as Error).message}`),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const timer = setTimeout(
    () => fail(new UsageError("timed out waiting for the OIDC provider's redirect")),
    WAIT_MS,
  );
  timer.unref();
  void callback.finally(() => clearTimeout(timer)).catch(() => {});
  return { server, callback };
}

function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", "", url]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(cmd, args as string[], { stdio: "ignore", detached: true });
    child.on("error", () => {}); // no browser here: the URL is printed above
    child.unref();
  } catch {
    // the URL is printed above
  }
}
