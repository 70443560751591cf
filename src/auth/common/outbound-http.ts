/**
 * JSON requests from an auth method to a third party (a JWKS URL, an OIDC discovery document, the
 * Kubernetes TokenReview API): http or https only, an optional CA bundle that replaces the system
 * roots, a timeout, a response size cap, no redirects followed. Failures are OutboundHttpError
 * with a short, safe description (never the URL's credentials, headers or bodies).
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { createSecureContext } from "node:tls";
import { InvalidRequestError } from "../../errors.js";

export interface OutboundRequest {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  /** JSON body for POST (sent as application/json). */
  body?: unknown;
  /** Form body for POST (sent as application/x-www-form-urlencoded), instead of `body`. */
  form?: Record<string, string>;
  /** PEM CA certificates to trust instead of the system roots (https only). */
  caPem?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface OutboundResponse {
  status: number;
  /** Parsed JSON body; undefined when the body was empty or not JSON. */
  json: unknown;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024;

/** A request that did not produce a response (connection, TLS, timeout, size). */
export class OutboundHttpError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "OutboundHttpError";
  }
}

/** Checks a configured URL (400 when it is not an http(s) URL without credentials). */
export function checkOutboundUrl(raw: string, fieldName: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidRequestError(`invalid value for "${fieldName}": expected an http or https URL`);
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password) {
    throw new InvalidRequestError(
      `invalid value for "${fieldName}": expected an http or https URL without credentials`,
    );
  }
  return raw;
}

/** Checks a PEM CA bundle (400 when Node cannot load it as trusted certificates). */
export function checkCaPem(pem: string, fieldName: string): string {
  if (pem === "") return pem;
  try {
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new Error("no certificate");
    createSecureContext({ ca: pem });
  } catch {
    throw new InvalidRequestError(`invalid value for "${fieldName}": expected PEM-encoded CA certificates`);
  }
  return pem;
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  if (code === "ECONNRESET") return "connection reset";
  if (typeof code === "string" && /CERT|SELF_SIGNED|TLS|SSL/i.test(code)) {
    return "TLS certificate verification failed";
  }
  return "connection failed";
}

function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        res.destroy();
        reject(new OutboundHttpError("response too large"));
        return;
      }
      chunks.push(chunk);
    });
    res.on("end", () => resolve(Buffer.concat(chunks)));
    res.on("error", (err) =>
      reject(err instanceof OutboundHttpError ? err : new OutboundHttpError(describe(err))),
    );
  });
}

export function requestJSON(req: OutboundRequest): Promise<OutboundResponse> {
  const url = new URL(req.url);
  const https = url.protocol === "https:";
  if (!https && url.protocol !== "http:")
    return Promise.reject(new OutboundHttpError("unsupported URL scheme"));
  const body = req.form
    ? Buffer.from(new URLSearchParams(req.form).toString())
    : req.body === undefined
      ? undefined
      : Buffer.from(JSON.stringify(req.body));
  const headers: Record<string, string> = { accept: "application/json", ...(req.headers ?? {}) };
  if (body) {
    headers["content-type"] = req.form ? "application/x-www-form-urlencoded" : "application/json";
    headers["content-length"] = String(body.length);
  }
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const options = { method: req.method, headers, ...(https && req.caPem ? { ca: req.caPem } : {}) };
    const send = https ? httpsRequest : httpRequest;
    const r = send(url, options, (res) => {
      readBody(res, maxBytes).then(
        (buf) => {
          let json: unknown;
          if (buf.length > 0) {
            try {
              json = JSON.parse(buf.toString("utf8"));
            } catch {
              json = undefined;
            }
          }
          finish(() => resolve({ status: res.statusCode ?? 0, json }));
        },
        (err) => finish(() => reject(err)),
      );
    });
    const timer = setTimeout(() => {
      finish(() => reject(new OutboundHttpError("request timed out")));
      r.destroy();
    }, timeoutMs);
    r.on("error", (err) => finish(() => reject(new OutboundHttpError(describe(err)))));
    r.end(body);
  });
}
