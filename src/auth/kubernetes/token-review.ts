/**
 * The Kubernetes TokenReview API: POST {host}/apis/authentication.k8s.io/v1/tokenreviews with a
 * bearer token allowed to create reviews, over TLS trusting the configured CA. The API server
 * says whether the service account token is (still) valid and whose it is.
 */
import { UpstreamError } from "../../errors.js";
import { OutboundHttpError, requestJSON } from "../common/outbound-http.js";

export interface ReviewRequest {
  host: string;
  caPem: string;
  /** Bearer token for the API call (the reviewer JWT, or the caller's own JWT). */
  bearer: string;
  /** The service account token under review. */
  jwt: string;
  audiences: string[];
  timeoutMs?: number;
}

export interface ReviewStatus {
  authenticated: boolean;
  username: string;
  uid: string;
  audiences: string[];
}

/** The API refused the bearer token (401 or 403). */
export class ReviewerRejectedError extends Error {
  constructor(readonly status: number) {
    super(`the Kubernetes API refused the token reviewer credentials (HTTP ${status})`);
    this.name = "ReviewerRejectedError";
  }
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((a): a is string => typeof a === "string") : [];

export async function reviewToken(r: ReviewRequest): Promise<ReviewStatus> {
  let res: Awaited<ReturnType<typeof requestJSON>>;
  try {
    res = await requestJSON({
      method: "POST",
      url: `${r.host}/apis/authentication.k8s.io/v1/tokenreviews`,
      headers: { authorization: `Bearer ${r.bearer}` },
      body: {
        apiVersion: "authentication.k8s.io/v1",
        kind: "TokenReview",
        spec: { token: r.jwt, ...(r.audiences.length > 0 ? { audiences: r.audiences } : {}) },
      },
      caPem: r.caPem || undefined,
      timeoutMs: r.timeoutMs,
    });
  } catch (err) {
    const reason = err instanceof OutboundHttpError ? err.reason : "request failed";
    throw new UpstreamError(`error calling the Kubernetes TokenReview API: ${reason}`);
  }
  if (res.status === 401 || res.status === 403) throw new ReviewerRejectedError(res.status);
  if (res.status !== 200 && res.status !== 201) {
    throw new UpstreamError(`error calling the Kubernetes TokenReview API: HTTP status ${res.status}`);
  }
  const status = (res.json as { status?: Record<string, unknown> } | undefined)?.status;
  if (!status || typeof status !== "object") {
    throw new UpstreamError("error calling the Kubernetes TokenReview API: the answer has no status");
  }
  const user = (status.user ?? {}) as Record<string, unknown>;
  return {
    authenticated: status.authenticated === true,
    username: typeof user.username === "string" ? user.username : "",
    uid: typeof user.uid === "string" ? user.uid : "",
    audiences: strings(status.audiences),
  };
}
