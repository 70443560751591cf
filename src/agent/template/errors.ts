import { InvalidRequestError } from "../../errors.js";

/**
 * A template that cannot be parsed or rendered. The message is `file:line:col: reason`; reasons
 * name functions, fields and types, never a value a template produced or a secret held.
 */
export class TemplateError extends InvalidRequestError {
  constructor(
    readonly where: string,
    readonly reason: string,
  ) {
    super(`${where}: ${reason}`);
  }
}

/** Thrown by a template function; the evaluator adds the position and the function's name. */
export class FuncError extends Error {}
