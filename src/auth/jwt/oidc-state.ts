/**
 * The OIDC browser logins in progress: one entry per auth_url, keyed by its random `state`, kept
 * in memory for a few minutes and taken exactly once by the callback (as Vault keeps them). The
 * store is bounded: past its size the oldest logins are forgotten (their callback then fails).
 */
import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../../util/clock.js";

export interface PendingLogin {
  roleName: string;
  redirectUri: string;
  /** Sent as the ID token's required `nonce`. */
  nonce: string;
  /** PKCE: the S256 challenge of this verifier went in the authorization URL. */
  codeVerifier: string;
  /** The CLI's own nonce, which its callback call must repeat ("" when it sent none). */
  clientNonce: string;
  expiresAt: number;
}

const TTL_MS = 10 * 60_000;
const MAX_PENDING = 10_000;

export const randomToken = () => randomBytes(32).toString("base64url");

export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

export class OidcStateStore {
  private readonly pending = new Map<string, PendingLogin>();

  constructor(private readonly clock: Clock) {}

  /** Records a login and returns its state. */
  begin(login: Omit<PendingLogin, "expiresAt" | "nonce" | "codeVerifier">): {
    state: string;
    pending: PendingLogin;
  } {
    this.sweep();
    while (this.pending.size >= MAX_PENDING) {
      const oldest = this.pending.keys().next().value as string;
      this.pending.delete(oldest);
    }
    const state = randomToken();
    const pending: PendingLogin = {
      ...login,
      nonce: randomToken(),
      codeVerifier: randomToken(),
      expiresAt: this.clock.now() + TTL_MS,
    };
    this.pending.set(state, pending);
    return { state, pending };
  }

  /** The login of `state`, removed (a state works once); undefined when unknown or expired. */
  take(state: string): PendingLogin | undefined {
    const found = this.pending.get(state);
    if (!found) return undefined;
    this.pending.delete(state);
    return found.expiresAt > this.clock.now() ? found : undefined;
  }

  clear(): void {
    this.pending.clear();
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [state, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(state);
  }
}
