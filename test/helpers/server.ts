/**
 * Starts a real cofre server on 127.0.0.1 (port 0) for HTTP-level and end-to-end tests, and a tiny
 * fetch-based client for raw requests (any method, including LIST).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Core } from "../../src/core/core.js";
import { createHttpServer } from "../../src/http/server.js";
import { buildCore } from "../../src/server/build.js";
import { createStorage } from "../../src/storage/index.js";
import type { Clock } from "../../src/util/clock.js";
import { silentLogger } from "../../src/util/logger.js";

export interface TestServer {
  addr: string;
  /** "https://127.0.0.1:PORT" of the second, TLS listener when started with `tls`. */
  tlsAddr?: string;
  core: Core;
  /** "" when started with init: false. */
  rootToken: string;
  /** Base64 unseal key shares ([] when not initialised). */
  keys: string[];
  /** Raw request; `body` objects are sent as JSON. */
  request(method: string, path: string, opts?: RequestOpts): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface RequestOpts {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body (loosely typed: tests read arbitrary fields). */
  // biome-ignore lint/suspicious/noExplicitAny: test responses are asserted field by field
  body: any;
  text: string;
}

export interface StartOptions {
  /** "inmem" (default) or "sqlite" (in a temp dir, removed on close). */
  storage?: "inmem" | "sqlite";
  /** Initialise and unseal (default true). */
  init?: boolean;
  shares?: number;
  threshold?: number;
  /** Mount kv-v2 at secret/ as dev mode does (default true when init). */
  kv?: boolean;
  clock?: Clock;
  defaultLeaseTTL?: number;
  maxLeaseTTL?: number;
  /** Directories file audit devices may write in (none by default). */
  auditAllowedDirs?: string[];
  /** Also listen with TLS (these PEM files) on a second port, beside the plain HTTP one. */
  tls?: { certFile: string; keyFile: string };
}

export async function startTestServer(opts: StartOptions = {}): Promise<TestServer> {
  let dir: string | undefined;
  let storage = createStorage("inmem", {});
  if (opts.storage === "sqlite") {
    dir = await mkdtemp(join(tmpdir(), "cofre-test-"));
    storage = createStorage("sqlite", { path: join(dir, "cofre.db") });
  }
  const ttl = 768 * 3600;
  const core = buildCore(
    {
      defaultLeaseTTL: opts.defaultLeaseTTL ?? ttl,
      maxLeaseTTL: opts.maxLeaseTTL ?? ttl,
      auditAllowedDirs: opts.auditAllowedDirs,
    },
    storage,
    silentLogger,
    opts.clock,
  );
  const http = createHttpServer({ handler: core, logger: silentLogger });
  const { port } = await http.listen("127.0.0.1:0");
  const addr = `http://127.0.0.1:${port}`;
  const https = opts.tls
    ? createHttpServer({ handler: core, logger: silentLogger, tls: opts.tls })
    : undefined;
  const tlsPort = https ? (await https.listen("127.0.0.1:0")).port : 0;
  const request = async (method: string, path: string, ro: RequestOpts = {}): Promise<TestResponse> => {
    const headers: Record<string, string> = { ...(ro.headers ?? {}) };
    if (ro.token) headers["x-vault-token"] = ro.token;
    let body: string | undefined;
    if (ro.body !== undefined) {
      body = typeof ro.body === "string" ? ro.body : JSON.stringify(ro.body);
      headers["content-type"] ??= "application/json";
    }
    const res = await fetch(`${addr}/v1/${path.replace(/^\/+/, "")}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = null;
    if (text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  const server: TestServer = {
    addr,
    ...(https ? { tlsAddr: `https://127.0.0.1:${tlsPort}` } : {}),
    core,
    rootToken: "",
    keys: [],
    request,
    async close() {
      await https?.close();
      await http.close();
      await core.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
  if (opts.init ?? true) {
    const { keys, rootToken } = await core.initialize(opts.shares ?? 1, opts.threshold ?? 1);
    server.keys = keys.map((k) => k.toString("base64"));
    server.rootToken = rootToken;
    await core.unseal(keys.slice(0, opts.threshold ?? 1));
    if (opts.kv ?? true) {
      const r = await request("POST", "sys/mounts/secret", {
        token: rootToken,
        body: { type: "kv", options: { version: "2" } },
      });
      if (r.status !== 204) throw new Error(`mounting secret/ failed: ${r.status} ${r.text}`);
    }
  }
  return server;
}

/** Creates a token with the given policies (root-created, so any policy may be attached). */
export async function tokenWith(
  server: TestServer,
  policies: string[],
  extra: Record<string, unknown> = {},
): Promise<string> {
  const r = await server.request("POST", "auth/token/create", {
    token: server.rootToken,
    body: { policies, ...extra },
  });
  if (r.status !== 200) throw new Error(`token create failed: ${r.status} ${r.text}`);
  return r.body.auth.client_token as string;
}
