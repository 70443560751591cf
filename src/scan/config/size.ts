import { InvalidRequestError } from "../../errors.js";

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

/** Parses a size: a byte count (`1048576`) or a number with a unit (`10MB`, `512KiB`, `1.5g`). */
export function parseSize(input: string | number, what = "size"): number {
  if (typeof input === "number") {
    if (!Number.isSafeInteger(input) || input <= 0)
      throw new InvalidRequestError(`invalid ${what}: ${input}`);
    return input;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(input);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined)
    throw new InvalidRequestError(`invalid ${what}: ${JSON.stringify(input.slice(0, 40))}`);
  const bytes = Math.floor(Number(m[1]) * unit);
  if (!Number.isSafeInteger(bytes) || bytes <= 0)
    throw new InvalidRequestError(`invalid ${what}: ${JSON.stringify(input)}`);
  return bytes;
}
