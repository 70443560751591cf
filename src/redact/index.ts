/**
 * `cofre/redact`: masks known secret values and credential-shaped text in logs. Known values use
 * the same matcher as `cofre run`'s output masking (their base64, URL-encoded and JSON-escaped
 * forms too); patterns use the server logger's vocabulary of sensitive names.
 *
 *   const r = redactor({ secrets: [process.env.DB_PASSWORD] });
 *   const log = pino({ hooks: r.pino.hooks, formatters: r.pino.formatters });
 *   winston.createLogger({ format: winston.format.combine(r.winston, winston.format.json()) });
 *   child.stdout.pipe(r.stream()).pipe(process.stdout);
 */
import type { Transform } from "node:stream";
import { deepMask, maskInPlace } from "./deep-mask.js";
import { LineMaskingStream } from "./line-stream.js";
import { MaskingStream } from "./masking-stream.js";
import { maskPatterns } from "./patterns.js";
import { MASK, MIN_SECRET_LENGTH } from "./secret-forms.js";
import { SecretMatcher } from "./secret-matcher.js";

export { MaskingStream } from "./masking-stream.js";
export { maskPatterns } from "./patterns.js";
export { MASK, MIN_SECRET_LENGTH, secretForms } from "./secret-forms.js";
export { SecretMatcher, type SecretMatcherOptions } from "./secret-matcher.js";

export interface RedactorOptions {
  /** Known secret values to mask (shorter than `minLength` are ignored). */
  secrets?: Iterable<string | undefined>;
  /** Also mask credential-shaped text (Authorization headers, password=..., URI passwords); default true. */
  patterns?: boolean;
  /** Replacement text (default `***`). */
  mask?: string;
  /** Shortest value masked (default 4). */
  minLength?: number;
}

/** A pino log method as pino's `hooks.logMethod` receives it. */
type PinoLogFn = (...args: unknown[]) => void;

/** What to spread into pino's options: `pino({ ...r.pino })`. */
export interface PinoRedaction {
  hooks: { logMethod(this: unknown, args: unknown[], method: PinoLogFn, level: number): void };
  formatters: { log(object: Record<string, unknown>): Record<string, unknown> };
}

/** A winston/logform format: `format.combine(r.winston, format.json())`. */
export interface WinstonFormat {
  transform(info: Record<string | symbol, unknown>, opts?: unknown): Record<string | symbol, unknown>;
}

export interface Redactor {
  /** Adds values to mask from now on. */
  add(...values: Array<string | undefined>): void;
  /** `text` with known values and (unless turned off) credential patterns masked. */
  mask(text: string): string;
  /** A masked copy of any value (strings, plain objects, arrays, errors). */
  maskValue<T>(value: T): T;
  /** A new Transform that masks a text stream line by line (patterns and values). */
  stream(): Transform;
  /** A new Transform that masks only known values, byte-exact and without line buffering. */
  valueStream(): Transform;
  readonly pino: PinoRedaction;
  readonly winston: WinstonFormat;
}

export function redactor(opts: RedactorOptions = {}): Redactor {
  const mask = opts.mask ?? MASK;
  const matcher = new SecretMatcher([], { mask, minLength: opts.minLength ?? MIN_SECRET_LENGTH });
  const add = (...values: Array<string | undefined>) =>
    matcher.add(values.filter((v): v is string => typeof v === "string"));
  add(...(opts.secrets ?? []));
  const patterns = opts.patterns ?? true;
  const maskText = (text: string) => {
    const valuesMasked = matcher.maskText(text);
    return patterns ? maskPatterns(valuesMasked, mask) : valuesMasked;
  };
  const maskValue = <T>(value: T): T => deepMask(value, maskText, mask) as T;
  return {
    add,
    mask: maskText,
    maskValue,
    stream: () => new LineMaskingStream(maskText),
    valueStream: () => new MaskingStream(matcher),
    pino: {
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => maskValue(a)),
          );
        },
      },
      formatters: { log: (object) => maskValue(object) },
    },
    winston: {
      transform(info) {
        maskInPlace(info, maskText, mask);
        return info;
      },
    },
  };
}
