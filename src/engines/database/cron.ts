/**
 * Standard 5-field cron schedules for static roles' rotation_schedule (as Vault parses them):
 * minute hour day-of-month month day-of-week, each `*`, `?` (day fields), numbers, names
 * (JAN-DEC, SUN-SAT), ranges `a-b`, steps `/n` and lists `a,b`; or one of @yearly, @annually,
 * @monthly, @weekly, @daily, @midnight, @hourly. Times are UTC. When both day fields are
 * restricted a day matches either (cron's rule).
 */
import { InvalidRequestError } from "../../errors.js";

export interface CronSchedule {
  /** The first matching minute strictly after `afterMs`, in ms. */
  next(afterMs: number): number;
}

const DESCRIPTORS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  namesFrom?: number;
}
const FIELDS: FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  { name: "day of week", min: 0, max: 7, names: DAYS, namesFrom: 0 },
];

function fail(reason: string): never {
  throw new InvalidRequestError(`invalid rotation_schedule: ${reason}`);
}

function number(text: string, spec: FieldSpec): number {
  const i = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const n = i >= 0 ? i + (spec.namesFrom ?? 0) : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < spec.min || n > spec.max) {
    fail(`${JSON.stringify(text.slice(0, 20))} is not a valid ${spec.name} (${spec.min}-${spec.max})`);
  }
  return n;
}

/** The allowed values of one field, and whether it was `*`/`?`. */
function field(text: string, spec: FieldSpec): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const item of text.split(",")) {
    const [range = "", stepText] = item.split("/");
    const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) ? Number(stepText) : 0;
    if (step < 1) fail(`bad step in ${spec.name}`);
    let lo: number;
    let hi: number;
    if (range === "*" || range === "?") {
      [lo, hi] = [spec.min, spec.max];
      if (stepText === undefined) star = true;
    } else if (range.includes("-")) {
      const [a = "", b = ""] = range.split("-");
      [lo, hi] = [number(a, spec), number(b, spec)];
      if (lo > hi) fail(`empty range in ${spec.name}`);
    } else {
      lo = number(range, spec);
      hi = stepText === undefined ? lo : spec.max;
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  if (spec.name === "day of week" && values.has(7)) values.add(0);
  return { values, star };
}

export function parseCron(expr: string): CronSchedule {
  const text = expr.trim();
  const fields = (DESCRIPTORS[text.toLowerCase()] ?? text).split(/\s+/);
  if (fields.length !== 5) fail("expected 5 fields: minute hour day-of-month month day-of-week");
  const [min, hour, dom, month, dow] = fields.map((f, i) => field(f, FIELDS[i] as FieldSpec)) as [
    ReturnType<typeof field>,
    ReturnType<typeof field>,
    ReturnType<typeof field>,
    ReturnType<typeof field>,
    ReturnType<typeof field>,
  ];
  const dayMatches = (d: Date): boolean => {
    const a = dom.values.has(d.getUTCDate());
    const b = dow.values.has(d.getUTCDay());
    return dom.star || dow.star ? a && b : a || b;
  };
  const schedule: CronSchedule = {
    next(afterMs) {
      const d = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
      // Bounded search: 5 years of months, days, hours and minutes.
      for (let guard = 0; guard < 200_000; guard++) {
        if (d.getUTCFullYear() > new Date(afterMs).getUTCFullYear() + 5) break;
        if (!month.values.has(d.getUTCMonth() + 1)) {
          d.setUTCMonth(d.getUTCMonth() + 1, 1);
          d.setUTCHours(0, 0, 0, 0);
        } else if (!dayMatches(d)) {
          d.setUTCDate(d.getUTCDate() + 1);
          d.setUTCHours(0, 0, 0, 0);
        } else if (!hour.values.has(d.getUTCHours())) {
          d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
        } else if (!min.values.has(d.getUTCMinutes())) {
          d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
        } else return d.getTime();
      }
      fail("the schedule never matches a date");
    },
  };
  schedule.next(Date.UTC(2024, 0, 1));
  return schedule;
}
