/**
 * A stand-in Kubernetes cluster for the kubernetes auth tests: a signing key that issues service
 * account tokens (projected or legacy), and a TokenReview endpoint that answers like the real API
 * (201 with status.authenticated/user/audiences; 401 with a Status for a bad bearer token).
 */
import { randomUUID } from "node:crypto";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { rsaKey, sign, type TestKey } from "../jwt/issuer.js";

export interface Account {
  namespace: string;
  name: string;
  uid: string;
}

/** Audiences the API server accepts when a review names none. */
export const API_AUDIENCES = ["https://kubernetes.default.svc.cluster.local"];
export const PROJECTED_ISSUER = "https://kubernetes.default.svc.cluster.local";

export interface Review {
  bearer: string;
  token: string;
  audiences?: string[];
}

export class TestCluster {
  readonly key: TestKey = rsaKey("cluster");
  /** Tokens the API server knows, and whose they are (a real server checks the signature). */
  readonly valid = new Map<string, { account: Account; audiences: string[] }>();
  /** Bearer tokens allowed to create reviews. */
  readonly reviewers = new Set<string>();
  /** Let a service account token review itself (as when no reviewer JWT is configured). */
  allowSelfReview = false;
  failWith = 0;
  reviews: Review[] = [];
  url = "";
  private server?: Server;

  static async start(tls?: { cert: string; key: string }): Promise<TestCluster> {
    const c = new TestCluster();
    const handler = (req: IncomingMessage, res: ServerResponse) => void c.handle(req, res);
    c.server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
    await new Promise<void>((resolve) => c.server?.listen(0, "127.0.0.1", resolve));
    c.url = `${tls ? "https" : "http"}://127.0.0.1:${(c.server.address() as AddressInfo).port}`;
    return c;
  }

  /** A projected (bound) service account token; registered with the API server unless `known` is false. */
  async projected(
    a: Account,
    opts: { aud?: string[]; now: number; ttl?: number; known?: boolean },
  ): Promise<string> {
    const aud = opts.aud ?? API_AUDIENCES;
    const jwt = await sign(this.key, {
      aud,
      jti: randomUUID(),
      iss: PROJECTED_ISSUER,
      sub: `system:serviceaccount:${a.namespace}:${a.name}`,
      iat: opts.now,
      nbf: opts.now,
      exp: opts.now + (opts.ttl ?? 3600),
      "kubernetes.io": {
        namespace: a.namespace,
        serviceaccount: { name: a.name, uid: a.uid },
        pod: { name: `${a.name}-pod`, uid: "pod-uid-1" },
      },
    });
    if (opts.known !== false) this.valid.set(jwt, { account: a, audiences: aud });
    return jwt;
  }

  /** A legacy secret-based token (no exp, no aud). */
  async legacy(a: Account, secretName: string): Promise<string> {
    const jwt = await sign(this.key, {
      iss: "kubernetes/serviceaccount",
      sub: `system:serviceaccount:${a.namespace}:${a.name}`,
      "kubernetes.io/serviceaccount/namespace": a.namespace,
      "kubernetes.io/serviceaccount/secret.name": secretName,
      "kubernetes.io/serviceaccount/service-account.name": a.name,
      "kubernetes.io/serviceaccount/service-account.uid": a.uid,
    });
    this.valid.set(jwt, { account: a, audiences: API_AUDIENCES });
    return jwt;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST" || req.url !== "/apis/authentication.k8s.io/v1/tokenreviews")
      return send(404, {});
    if (this.failWith) return send(this.failWith, { kind: "Status", status: "Failure" });
    const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    const spec = JSON.parse(Buffer.concat(chunks).toString()).spec ?? {};
    this.reviews.push({ bearer, token: spec.token, audiences: spec.audiences });
    if (!this.reviewers.has(bearer) && !(this.allowSelfReview && this.valid.has(bearer))) {
      return send(401, {
        kind: "Status",
        apiVersion: "v1",
        status: "Failure",
        message: "Unauthorized",
        code: 401,
      });
    }
    const known = this.valid.get(spec.token);
    const wanted: string[] = spec.audiences ?? API_AUDIENCES;
    const audiences = known ? known.audiences.filter((a) => wanted.includes(a)) : [];
    const base = { kind: "TokenReview", apiVersion: "authentication.k8s.io/v1", spec };
    if (!known || audiences.length === 0) {
      return send(201, {
        ...base,
        status: { user: {}, error: "[invalid bearer token, token lookup failed]" },
      });
    }
    const { namespace, name, uid } = known.account;
    send(201, {
      ...base,
      status: {
        authenticated: true,
        user: {
          username: `system:serviceaccount:${namespace}:${name}`,
          uid,
          groups: ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"],
        },
        audiences,
      },
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }
}
