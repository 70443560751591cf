/** Syslog message headers (RFC 5424, or the older BSD form of RFC 3164) around one audit entry. */
import { hostname } from "node:os";
import { InvalidRequestError } from "../../errors.js";

const FACILITIES: Record<string, number> = {
  KERN: 0,
  USER: 1,
  MAIL: 2,
  DAEMON: 3,
  AUTH: 4,
  SYSLOG: 5,
  LPR: 6,
  NEWS: 7,
  UUCP: 8,
  CRON: 9,
  AUTHPRIV: 10,
  FTP: 11,
  LOCAL0: 16,
  LOCAL1: 17,
  LOCAL2: 18,
  LOCAL3: 19,
  LOCAL4: 20,
  LOCAL5: 21,
  LOCAL6: 22,
  LOCAL7: 23,
};
const SEVERITY_INFO = 6;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export type SyslogFormat = "rfc5424" | "rfc3164";

export interface SyslogHeader {
  format: SyslogFormat;
  priority: number;
  tag: string;
  host: string;
  pid: number;
}

export function syslogHeader(options: Record<string, string>): SyslogHeader {
  const facility = (options.facility ?? "AUTH").toUpperCase();
  if (!Object.hasOwn(FACILITIES, facility)) {
    throw new InvalidRequestError("option facility must be a syslog facility such as AUTH or LOCAL0");
  }
  const tag = options.tag ?? "cofre";
  if (!/^[\x21-\x7e]{1,48}$/.test(tag) || tag.includes("[") || tag.includes(":")) {
    throw new InvalidRequestError("option tag must be 1-48 printable characters without spaces, [ or :");
  }
  const format = (options.syslog_format ?? "rfc5424").toLowerCase();
  if (format !== "rfc5424" && format !== "rfc3164") {
    throw new InvalidRequestError('option syslog_format must be "rfc5424" or "rfc3164"');
  }
  const host =
    hostname()
      .replace(/[^\x21-\x7e]/g, "")
      .slice(0, 255) || "-";
  return { format, priority: FACILITIES[facility] * 8 + SEVERITY_INFO, tag, host, pid: process.pid };
}

/** The message for one entry at `timeMs` (the entry text carries its own precise time). */
export function syslogMessage(h: SyslogHeader, timeMs: number, text: string): string {
  const d = new Date(timeMs);
  if (h.format === "rfc5424") {
    return `<${h.priority}>1 ${d.toISOString()} ${h.host} ${h.tag} ${h.pid} - - ${text}`;
  }
  const day = String(d.getUTCDate()).padStart(2, " ");
  const time = d.toISOString().slice(11, 19);
  return `<${h.priority}>${MONTHS[d.getUTCMonth()]} ${day} ${time} ${h.host} ${h.tag}[${h.pid}]: ${text}`;
}
