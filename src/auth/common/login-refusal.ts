/**
 * A login refused for a reason the caller must not learn (bad signature, wrong audience, unknown
 * role...). Login handlers catch it, log `reason` for the operator (it never holds the credential
 * or a claim value) and answer with their one generic error.
 */
export class LoginRefusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "LoginRefusal";
  }
}
