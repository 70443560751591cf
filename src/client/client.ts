import { InvalidRequestError } from "../errors.js";
import { type CofreClientOptions, DEFAULT_ADDRESS, DEFAULT_TIMEOUT_MS } from "./config.js";
import { ApiError, ConnectionError, flattenServerErrors } from "./errors.js";
import { KvApi } from "./kv.js";
import { SysApi } from "./sys.js";
import { TokenApi } from "./token.js";
import { Transport } from "./transport.js";
import type { ApiResponse, JsonObject, SecretResponse } from "./types.js";

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface RequestOptions {
  /** JSON body (objects are serialised; PATCH is sent as `application/merge-patch+json`). */
  body?: unknown;
  query?: Record<string, QueryValue>;
  /** Response wrapping TTL (`X-Vault-Wrap-TTL`): seconds or a duration string. */
  wrapTTL?: string | number;
  headers?: Record<string, string>;
  /** When false, statuses >= 400 are returned instead of thrown as ApiError (default true). */
  throwOnError?: boolean;
}

/** Characters Go's URL path escaping leaves as they are; encodeURIComponent escapes them. */
const PATH_SAFE = /%(3A|40|21|24|26|27|28|29|2A|2B|2C|3B|3D)/gi;

/** Encodes a logical path segment by segment (never resolves `.` or `..`: the server rejects them). */
export function encodeApiPath(path: string): string {
  return path
    .replace(/^\/+/, "")
    .split("/")
    .map((seg) => encodeURIComponent(seg).replace(PATH_SAFE, (m) => decodeURIComponent(m)))
    .join("/");
}

function encodeQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, item);
    else params.append(k, String(v));
  }
  const qs = params.toString();
  return qs ? `?${qs}` : "";
}

/** A Vault-style 404 that carries data or warnings is an answer, not an absence. */
function hasContent(body: unknown): boolean {
  if (!body || typeof body !== "object") return false;
  const b = body as { data?: unknown; warnings?: unknown };
  const data = b.data && typeof b.data === "object" && Object.keys(b.data).length > 0;
  const warnings = Array.isArray(b.warnings) && b.warnings.length > 0;
  return Boolean(data || warnings);
}

/**
 * Typed HTTP client of the cofre (Vault-compatible) API. Every request carries `X-Vault-Token`
 * (when a token is set) and `X-Vault-Request: true`.
 */
export class CofreClient {
  readonly address: string;
  readonly namespace?: string;
  readonly sys: SysApi;
  readonly tokens: TokenApi;
  readonly kv: KvApi;
  private token?: string;
  private readonly transport: Transport;
  private readonly wrapTTL?: string;

  constructor(options: CofreClientOptions = {}, transport?: Transport) {
    this.address = options.address ?? DEFAULT_ADDRESS;
    this.token = options.token || undefined;
    this.namespace = options.namespace || undefined;
    this.wrapTTL = options.wrapTTL || undefined;
    this.transport =
      transport ??
      new Transport(this.address, {
        caCert: options.caCert,
        skipVerify: options.skipVerify,
        clientCert: options.clientCert,
        clientKey: options.clientKey,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxRedirects: options.maxRedirects ?? 2,
      });
    this.sys = new SysApi(this);
    this.tokens = new TokenApi(this);
    this.kv = new KvApi(this);
  }

  /** A client with another token that shares this one's connections. */
  withToken(token: string | undefined): CofreClient {
    return new CofreClient({ address: this.address, token, namespace: this.namespace }, this.transport);
  }

  getToken(): string | undefined {
    return this.token;
  }

  setToken(token: string | undefined): void {
    this.token = token || undefined;
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.transport.close();
  }

  /** One API call. Throws ApiError for statuses >= 400 unless `throwOnError` is false. */
  async request<T = unknown>(
    method: string,
    path: string,
    opts: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const verb = method.toUpperCase();
    if (!/^[A-Z]+$/.test(verb)) throw new InvalidRequestError("invalid HTTP method");
    const headers: Record<string, string> = { "X-Vault-Request": "true", ...opts.headers };
    if (this.token) headers["X-Vault-Token"] = this.token;
    if (this.namespace) headers["X-Vault-Namespace"] = this.namespace;
    // A request's own wrapTTL wins over the client's; "" turns wrapping off for that request.
    const wrapTTL = opts.wrapTTL ?? this.wrapTTL;
    if (wrapTTL !== undefined && wrapTTL !== "") headers["X-Vault-Wrap-TTL"] = String(wrapTTL);
    let payload: Buffer | undefined;
    if (opts.body !== undefined) {
      payload = Buffer.from(JSON.stringify(opts.body));
      headers["Content-Type"] = verb === "PATCH" ? "application/merge-patch+json" : "application/json";
    }
    const target = `/v1/${encodeApiPath(path)}${encodeQuery(opts.query)}`;
    const res = await this.transport.send(verb, target, headers, payload);
    const body = parseBody(res.status, res.body);
    if (res.status >= 400 && opts.throwOnError !== false) {
      const raw = body && typeof body === "object" ? (body as { errors?: unknown }).errors : undefined;
      const errors = Array.isArray(raw) ? flattenServerErrors(raw) : rawMessage(res.body);
      throw new ApiError(res.status, errors, body);
    }
    return { status: res.status, body: body as T | undefined };
  }

  /** GET; `null` when nothing is there (404 without data or warnings). */
  read<T = JsonObject>(path: string, query?: Record<string, QueryValue>): Promise<SecretResponse<T> | null> {
    return this.logical<T>("GET", path, { query });
  }

  /** POST a JSON body; `null` for a 204. */
  write<T = JsonObject>(
    path: string,
    data: unknown = {},
    opts: RequestOptions = {},
  ): Promise<SecretResponse<T> | null> {
    return this.logical<T>("POST", path, { ...opts, body: data });
  }

  /** JSON merge patch (`PATCH`, `application/merge-patch+json`). */
  patch<T = JsonObject>(path: string, data: unknown): Promise<SecretResponse<T> | null> {
    return this.logical<T>("PATCH", path, { body: data });
  }

  /** LIST as `GET ?list=true`; `null` when nothing is there. */
  list(path: string): Promise<SecretResponse<{ keys: string[] }> | null> {
    return this.logical<{ keys: string[] }>("GET", path, { query: { list: "true" } });
  }

  delete<T = JsonObject>(
    path: string,
    query?: Record<string, QueryValue>,
  ): Promise<SecretResponse<T> | null> {
    return this.logical<T>("DELETE", path, { query });
  }

  private async logical<T>(
    method: string,
    path: string,
    opts: RequestOptions,
  ): Promise<SecretResponse<T> | null> {
    const res = await this.request<SecretResponse<T>>(method, path, { ...opts, throwOnError: false });
    if (res.status === 404 && !hasContent(res.body)) return null;
    if (res.status >= 400 && res.status !== 404) {
      const raw = (res.body as { errors?: unknown } | undefined)?.errors;
      throw new ApiError(res.status, Array.isArray(raw) ? flattenServerErrors(raw) : [], res.body);
    }
    if (res.body === undefined || res.body === null || typeof res.body !== "object") return null;
    return res.body;
  }
}

function parseBody(status: number, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    if (status >= 400) return undefined;
    throw new ConnectionError(`invalid JSON in the server's response (status ${status})`);
  }
}

/** A non-JSON error body (a proxy's page), shortened to one line. */
function rawMessage(raw: Buffer): string[] {
  const text = raw.toString("utf8").replace(/\s+/g, " ").trim();
  if (!text) return [];
  return [`Raw Message: ${text.length > 200 ? `${text.slice(0, 200)}...` : text}`];
}
