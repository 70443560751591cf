import type { CofreClient } from "../../client/client.js";
import type { SecretResponse } from "../../client/types.js";
import type { CliContext } from "../io.js";

/** What a login method is given: positional arguments and the mount it logs in through. */
export interface LoginInput {
  ctx: CliContext;
  /** Client without a token (a method sets one itself if it needs it). */
  client: CofreClient;
  /** Positional arguments after the flags (`TOKEN`, or `key=value` pairs for other methods). */
  args: string[];
  /** Auth mount path without slashes (`-path`, default: the method's name). */
  mountPath: string;
}

/** A successful login: the token to store and the response to show (its token is never printed). */
export interface LoginResult {
  token: string;
  secret: SecretResponse;
}

/**
 * One `cofre login -method=<name>`. To add a method, write one file exporting a LoginMethod and
 * list it in ./methods.ts.
 */
export interface LoginMethod {
  name: string;
  /** One line for `cofre login --help`. */
  usage: string;
  login(input: LoginInput): Promise<LoginResult>;
}
