/** The database engine's text machinery: statement quoting, username templates, cron schedules, URL redaction. */
import assert from "node:assert/strict";
import { test } from "node:test";
import pg from "pg";
import { parseCron } from "../../../src/engines/database/cron.js";
import { redactConnectionUrl, redactSecrets } from "../../../src/engines/database/plugins/connection-url.js";
import { renderStatement, type SqlDialect } from "../../../src/engines/database/plugins/sql-template.js";
import { renderUsernameTemplate, sanitiseUsername } from "../../../src/engines/database/username-template.js";

const dialect: SqlDialect = {
  identifierQuote: '"',
  quoteIdentifier: pg.escapeIdentifier,
  quoteLiteral: pg.escapeLiteral,
  dollarQuotes: true,
};
const render = (sql: string, v: { name: string; password?: string; expiration?: string }) =>
  renderStatement(sql, v, dialect);

test("statement placeholders become one quoted identifier or literal, whatever the value holds", () => {
  const values = { name: 'bob"; DROP ROLE x; --', password: "p'w\\d", expiration: "2030-01-01 00:00:00+00" };
  assert.equal(
    render(`CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`, values),
    `CREATE ROLE "bob""; DROP ROLE x; --" WITH LOGIN PASSWORD  E'p''w\\\\d' VALID UNTIL '2030-01-01 00:00:00+00';`,
  );
  assert.equal(
    render("DROP ROLE {{name}}; SELECT {{password}}", values),
    `DROP ROLE "bob""; DROP ROLE x; --"; SELECT  E'p''w\\\\d'`,
  );
  assert.equal(
    render("ALTER ROLE {{ username }} NOLOGIN", values),
    `ALTER ROLE "bob""; DROP ROLE x; --" NOLOGIN`,
  );
  assert.equal(
    render("SELECT 1 FROM pg_roles WHERE rolname = '{{name}}'", { name: "o'k" }),
    "SELECT 1 FROM pg_roles WHERE rolname = 'o''k'",
  );
});

test("comments and other strings are copied untouched; dollar-quoted bodies are rendered, and guarded", () => {
  assert.equal(
    render("-- {{password}} here\nSELECT 'it''s {{ fine'", { name: "n" }),
    "-- {{password}} here\nSELECT 'it''s {{ fine'",
  );
  assert.equal(render("/* {{nothing}} */ SELECT 1", { name: "n" }), "/* {{nothing}} */ SELECT 1");
  assert.equal(
    render("DO $body$ BEGIN EXECUTE format('DROP ROLE %I', '{{name}}'); END $body$;", { name: "n" }),
    "DO $body$ BEGIN EXECUTE format('DROP ROLE %I', 'n'); END $body$;",
  );
  assert.throws(
    () => render("DO $$ BEGIN PERFORM '{{password}}'; END $$", { name: "n", password: "a$$b" }),
    /end a dollar-quoted string/,
  );
});

test("bad placeholders and quoting are refused", () => {
  assert.throws(
    () => render("CREATE ROLE {{nam}}", { name: "n" }),
    /unknown template placeholder \{\{nam\}\}/,
  );
  assert.throws(() => render("ALTER ROLE {{name}} PASSWORD {{password}}", { name: "n" }), /has no value/);
  assert.throws(() => render(`CREATE ROLE "v-{{name}}"`, { name: "n" }), /whole quoted value/);
  assert.throws(() => render("SELECT 'open", { name: "n" }), /unterminated quoted string/);
  assert.throws(() => render("SELECT 1 /* open", { name: "n" }), /unterminated comment/);
});

test("username templates: Vault's default, pipelines, functions, and errors", () => {
  const input = { DisplayName: "userpass-alice-long", RoleName: "readonly-role" };
  const now = Date.UTC(2030, 0, 2, 3, 4, 5);
  const dflt =
    '{{ printf "v-%s-%s-%s-%s" (.DisplayName | truncate 8) (.RoleName | truncate 8) (random 20) (unix_time) | truncate 63 }}';
  assert.match(renderUsernameTemplate(dflt, input, now), /^v-userpass-readonly-[A-Za-z0-9]{20}-1893553445$/);
  assert.equal(
    renderUsernameTemplate("app-{{ .RoleName | uppercase }}-{{unix_time_millis}}", input, now),
    `app-READONLY-ROLE-${now}`,
  );
  assert.equal(renderUsernameTemplate('{{ replace "-" "_" .RoleName }}', input, now), "readonly_role");
  assert.equal(
    renderUsernameTemplate('{{ timestamp "2006-01-02T15-04-05" }}', input, now),
    "2030-01-02T03-04-05",
  );
  assert.equal(renderUsernameTemplate("a  {{- .RoleName -}}  b", input, now), "areadonly-roleb");
  assert.equal(renderUsernameTemplate("{{ .DisplayName | truncate_sha256 12 }}", input, now).length, 12);
  assert.match(renderUsernameTemplate("{{ uuid }}", input, now), /^[0-9a-f-]{36}$/);
  assert.throws(() => renderUsernameTemplate("{{ nope 3 }}", input, now), /function "nope" not defined/);
  assert.throws(() => renderUsernameTemplate("{{ .Nope }}", input, now), /unknown field/);
  assert.throws(() => renderUsernameTemplate("{{ .RoleName ", input, now), /unclosed action/);
  assert.throws(() => renderUsernameTemplate("{{ (random 3 }}", input, now), /missing \)/);
  assert.throws(() => renderUsernameTemplate("{{ truncate 0 .RoleName }}", input, now), /positive length/);
});

test("usernames are reduced to [A-Za-z0-9_.-] and cut to the database's limit", () => {
  assert.equal(sanitiseUsername(`a"b;c d'é--x`, 63), "a_b_c_d__--x");
  assert.equal(sanitiseUsername("x".repeat(100), 63).length, 63);
  assert.throws(() => sanitiseUsername('"; ', 63), /empty username/);
});

test("cron schedules find the next matching minute (UTC)", () => {
  const at = Date.UTC(2030, 0, 1, 10, 7, 30); // a Tuesday
  const next = (expr: string, from = at) => new Date(parseCron(expr).next(from)).toISOString();
  assert.equal(next("*/15 * * * *"), "2030-01-01T10:15:00.000Z");
  assert.equal(next("0 3 * * MON"), "2030-01-07T03:00:00.000Z");
  assert.equal(next("@hourly"), "2030-01-01T11:00:00.000Z");
  assert.equal(next("30 2 1 FEB *"), "2030-02-01T02:30:00.000Z");
  assert.equal(
    next("0 0 15 * 3"),
    "2030-01-02T00:00:00.000Z",
    "day-of-month or day-of-week when both are set",
  );
  assert.equal(next("0 12 * * 7"), "2030-01-06T12:00:00.000Z", "7 is Sunday");
  assert.equal(next("0 0 29 2 *"), "2032-02-29T00:00:00.000Z");
  for (const bad of [
    "* * * *",
    "60 * * * *",
    "* 24 * * *",
    "5-1 * * * *",
    "*/0 * * * *",
    "0 0 31 4 *",
    "@fortnightly",
  ]) {
    assert.throws(() => parseCron(bad), /invalid rotation_schedule/, bad);
  }
});

test("connection URLs: literal passwords are masked for reads, templates stay; secrets leave error text", () => {
  assert.equal(
    redactConnectionUrl("postgresql://u:s3cret@h:5432/db?sslmode=verify-full"),
    "postgresql://u:xxxxx@h:5432/db?sslmode=verify-full",
  );
  assert.equal(
    redactConnectionUrl("postgresql://{{username}}:{{password}}@h/db"),
    "postgresql://{{username}}:{{password}}@h/db",
  );
  assert.equal(
    redactConnectionUrl("postgres://h/db?user=u&password=s3cret&sslmode=require"),
    "postgres://h/db?user=u&password=xxxxx&sslmode=require",
  );
  assert.equal(
    redactConnectionUrl("postgres://h/db?password={{password}}"),
    "postgres://h/db?password={{password}}",
  );
  assert.equal(redactConnectionUrl("postgres://u:p@ss:w@h:5432/db"), "postgres://u:xxxxx@h:5432/db");
  assert.equal(redactConnectionUrl("postgres://u@h/db"), "postgres://u@h/db");
  assert.equal(redactConnectionUrl("postgres://h:5432/db"), "postgres://h:5432/db");
  assert.equal(
    redactSecrets("bad p@ss and p%40ss and 'p@ss'", ["p@ss"]),
    "bad [redacted] and [redacted] and '[redacted]'",
  );
});
