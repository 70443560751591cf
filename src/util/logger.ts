/**
 * The server's own log. Every field goes through redact() so no token, password, key or request
 * body reaches a log line, whatever a caller passes in.
 */
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

const SENSITIVE_KEY =
  /token|secret|password|passphrase|authorization|cookie|key|credential|private|otp|body|data|nonce|share|jwt|signature/i;
const SAFE_KEYS = new Set([
  "path",
  "mount",
  "operation",
  "status",
  "method",
  "url",
  "request_id",
  "type",
  "accessor_hmac",
  "keyPrefix",
]);

/** True for a field name whose value must not be shown (also used by cofre/redact). */
export function isSensitiveKey(key: string): boolean {
  return !SAFE_KEYS.has(key) && SENSITIVE_KEY.test(key);
}

/**
 * An error's message without the parts that may quote input: V8's JSON.parse errors quote the text
 * they failed on (`Unexpected token 'h', "hunter2" is not valid JSON`), and other libraries do the
 * same. Quoted spans become "[redacted]"; the message is cut at 300 characters.
 */
export function scrubMessage(message: string): string {
  return message.replace(/(["'`])(?:(?!\1)[^\n]){0,2000}\1/g, '"[redacted]"').slice(0, 300);
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return "[redacted]";
  if (value instanceof Error) return { name: value.name, message: scrubMessage(value.message) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSensitiveKey(k) ? "[redacted]" : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
  base?: Record<string, unknown>;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const min = ORDER[opts.level ?? "info"];
  const write = opts.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const base = opts.base ?? {};
  const log = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const entry = {
      time: new Date().toISOString(),
      level,
      msg,
      ...(redact({ ...base, ...fields }) as object),
    };
    write(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => log("debug", m, f),
    info: (m, f) => log("info", m, f),
    warn: (m, f) => log("warn", m, f),
    error: (m, f) => log("error", m, f),
    child: (fields) => createLogger({ ...opts, base: { ...base, ...fields } }),
  };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
