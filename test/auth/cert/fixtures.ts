/**
 * The cert method's test world: a PKI (root -> intermediate -> client certificates, plus the bad
 * ones), a real server with a TLS listener and the cert method mounted at auth/cert, and an HTTPS
 * client that presents a chosen client certificate.
 */
import { request as httpsRequest } from "node:https";
import type { Clock } from "../../../src/util/clock.js";
import { startTestServer, type TestServer } from "../../helpers/server.js";
import { CA_EXT, clientExt, issueServerCert, TestPki } from "./pki.js";

export interface CertWorld {
  pki: TestPki;
  server: TestServer;
  /** PEM the HTTPS client trusts for the server. */
  serverCa: string;
  close(): Promise<void>;
}

/** Issues the standard certificates; `leafDays` sets the client certificates' lifetime. */
export async function buildPki(leafDays = 30): Promise<TestPki> {
  const pki = await TestPki.create();
  await issueServerCert(pki);
  await pki.issue("root", { subject: "/CN=Test Root CA", days: 3650, ext: CA_EXT });
  await pki.issue("intermediate", {
    subject: "/CN=Test Intermediate CA",
    issuer: "root",
    days: 3650,
    ext: [
      "basicConstraints=critical,CA:TRUE,pathlen:0",
      "keyUsage=critical,keyCertSign",
      "subjectKeyIdentifier=hash",
    ],
  });
  const web = ["DNS:web.example.com", "email:web@example.com"];
  await pki.issue("web", {
    subject: "/OU=team-a/CN=web.example.com",
    issuer: "intermediate",
    days: leafDays,
    ext: clientExt(...web),
  });
  await pki.issue("other", {
    subject: "/OU=team-b/CN=other.example.com",
    issuer: "intermediate",
    days: leafDays,
    ext: clientExt("DNS:other.example.com"),
  });
  await pki.issue("direct", {
    subject: "/CN=direct.example.com",
    issuer: "root",
    days: leafDays,
    ext: clientExt(),
  });
  await pki.issue("rogue-ca", { subject: "/CN=Test Root CA", days: 3650, ext: CA_EXT });
  await pki.issue("rogue", {
    subject: "/CN=web.example.com",
    issuer: "rogue-ca",
    days: leafDays,
    ext: clientExt(...web),
  });
  await pki.issue("self", { subject: "/CN=self.example.com", days: leafDays, ext: clientExt() });
  await pki.issue("not-a-ca", {
    subject: "/CN=Not A CA",
    issuer: "root",
    days: 3650,
    ext: ["basicConstraints=critical,CA:FALSE", "subjectKeyIdentifier=hash"],
  });
  await pki.issue("under-not-a-ca", {
    subject: "/CN=web.example.com",
    issuer: "not-a-ca",
    days: leafDays,
    ext: clientExt(...web),
  });
  return pki;
}

export async function startCertWorld(opts: { clock?: Clock; leafDays?: number } = {}): Promise<CertWorld> {
  const pki = await buildPki(opts.leafDays);
  const server = await startTestServer({ kv: false, clock: opts.clock, tls: pki.get("server") });
  const enabled = await server.request("POST", "sys/auth/cert", {
    token: server.rootToken,
    body: { type: "cert" },
  });
  if (enabled.status !== 204) throw new Error(`enabling cert failed: ${enabled.status} ${enabled.text}`);
  // Tests log in many times from 127.0.0.1; the rate limit has its own test.
  await server.request("POST", "auth/cert/config/rate_limit", {
    token: server.rootToken,
    body: { disable: true },
  });
  return {
    pki,
    server,
    serverCa: pki.get("server").pem,
    async close() {
      await server.close();
      await pki.cleanup();
    },
  };
}

export interface CallOpts {
  /** Names of certificates: the first is the leaf (its key is used), the rest are sent as its chain. */
  present?: string[];
  body?: unknown;
  token?: string;
}

/** One HTTPS request to the world's TLS listener. */
export function tlsCall(
  world: CertWorld,
  method: string,
  path: string,
  opts: CallOpts = {},
  // biome-ignore lint/suspicious/noExplicitAny: test responses are asserted field by field
): Promise<{ status: number; body: any }> {
  const url = new URL(world.server.tlsAddr ?? "");
  const present = opts.present ?? [];
  const client =
    present.length > 0
      ? { cert: present.map((n) => world.pki.get(n).pem).join(""), key: world.pki.get(present[0]).keyPem }
      : {};
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: `/v1/${path}`,
        ca: world.serverCa,
        agent: false,
        headers: {
          ...(payload ? { "content-type": "application/json" } : {}),
          ...(opts.token ? { "x-vault-token": opts.token } : {}),
        },
        ...client,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          text += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** Writes role `name` with the PEM of the named certificates and extra fields; throws unless 2xx. */
export async function writeRole(
  world: CertWorld,
  name: string,
  trusted: string[],
  fields: Record<string, unknown> = {},
): Promise<void> {
  const certificate = trusted.map((n) => world.pki.get(n).pem).join("");
  const r = await world.server.request("POST", `auth/cert/certs/${name}`, {
    token: world.server.rootToken,
    body: { certificate, ...fields },
  });
  if (r.status !== 204 && r.status !== 200) throw new Error(`role write failed: ${r.status} ${r.text}`);
}
