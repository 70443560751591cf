import { InvalidRequestError } from "../errors.js";

/**
 * A syntax or shape error in an HCL/JSON document. The message names a position and a reason,
 * never the input text (config files and policies may hold secrets).
 */
export class HclSyntaxError extends InvalidRequestError {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
  constructor(line: number, column: number, reason: string) {
    super(`failed to parse HCL at line ${line}, column ${column}: ${reason}`);
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

/** A short, quoted form of a key or label for error messages (keys are names, not values). */
export function quoteName(name: string): string {
  const short = name.length > 60 ? `${name.slice(0, 60)}...` : name;
  return JSON.stringify(short);
}
