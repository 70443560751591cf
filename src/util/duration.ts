import { InvalidRequestError } from "../errors.js";

/**
 * Durations in Vault's forms: integers are seconds ("3600", 3600), "<n>d" is days, anything else
 * is a Go duration ("1h30m", "768h", "1.5h", "300ms"). Returns whole seconds (sub-second parts are
 * truncated). `""`, null and undefined mean 0 (unset). Throws InvalidRequestError on bad input.
 */
const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

export interface DurationOptions {
  /** Allow a leading minus sign (KV delete_version_after). */
  signed?: boolean;
  /** Field name for the error message. */
  field?: string;
}

export function parseDuration(input: unknown, opts: DurationOptions = {}): number {
  const field = opts.field ? ` for ${opts.field}` : "";
  const bad = (): never => {
    throw new InvalidRequestError(`invalid duration${field}: ${describe(input)}`);
  };
  if (input === undefined || input === null || input === "") return 0;
  if (typeof input === "number") {
    if (!Number.isFinite(input) || !Number.isInteger(input)) bad();
    if (input < 0 && !opts.signed) bad();
    return input;
  }
  if (typeof input !== "string") return bad();
  const s = input;
  if (/^-?\d+$/.test(s)) {
    const n = Number(s);
    if (!Number.isSafeInteger(n) || (n < 0 && !opts.signed)) bad();
    return n;
  }
  const days = /^(-?)(\d+)d$/.exec(s);
  if (days) {
    const n = Number(days[2]) * 86400;
    if (!Number.isSafeInteger(n)) bad();
    if (days[1] === "-") {
      if (!opts.signed) bad();
      return -n;
    }
    return n;
  }
  let rest = s;
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    if (rest[0] === "-") {
      if (!opts.signed) bad();
      sign = -1;
    }
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") bad();
  let totalNs = 0;
  const part = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (rest.length > 0) {
    const m = part.exec(rest);
    if (!m || (m[1] === "" && (m[2] === undefined || m[2] === ""))) return bad();
    const whole = m[1] === "" ? 0 : Number(m[1]);
    const frac = m[2] ? Number(`0.${m[2]}`) : 0;
    totalNs += (whole + frac) * UNIT_NS[m[3]];
    rest = rest.slice(m[0].length);
  }
  const secs = Math.trunc(totalNs / 1e9);
  if (!Number.isSafeInteger(secs)) bad();
  return sign * secs;
}

/** Formats seconds as a Go duration string: 0 -> "0s", 12319 -> "3h25m19s", 3600 -> "1h0m0s". */
export function formatGoDuration(seconds: number): string {
  if (seconds === 0) return "0s";
  const neg = seconds < 0;
  let s = Math.abs(Math.trunc(seconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  let out = "";
  if (h > 0) out = `${h}h${m}m${s}s`;
  else if (m > 0) out = `${m}m${s}s`;
  else out = `${s}s`;
  return neg ? `-${out}` : out;
}

function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  return typeof v;
}
