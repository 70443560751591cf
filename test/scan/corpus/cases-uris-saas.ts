// biome-ignore-all lint/suspicious/noTemplateCurlyInString: literal ${VAR} references are the near misses
import { ALNUM_DASH, type CorpusCase, env, prefixed, token } from "./define.js";
import { grafanaServiceAccount } from "./makers.js";
import { ALPHABETS as A, mutate, type Rand } from "./rand.js";

function uri(rule: string, make: (pw: string) => string, miss: string): CorpusCase {
  return {
    rule,
    file: "config/settings.ts",
    positive: (r) => {
      const pw = r.str(16);
      return { text: `export const url = "${make(pw)}";\n`, secret: pw };
    },
    nearMiss: () => `export const url = "${miss}";\n`,
  };
}

function alnumBase64Json(r: Rand, value: () => object): string {
  for (;;) {
    const out = Buffer.from(JSON.stringify(value())).toString("base64").replace(/=+$/, "");
    if (/^[A-Za-z0-9]+$/.test(out)) return out;
    r.bytes(1);
  }
}

export const uriSaasCases: CorpusCase[] = [
  uri(
    "postgres-uri",
    (pw) => `postgres://app:${pw}@db.internal:5432/app`,
    "postgres://app:${DB_PASSWORD}@db.internal:5432/app",
  ),
  uri(
    "mysql-uri",
    (pw) => `mysql://app:${pw}@mysql.internal:3306/app`,
    "mysql://app:password@mysql.internal:3306/app",
  ),
  uri(
    "mongodb-uri",
    (pw) => `mongodb+srv://app:${pw}@cluster0.q1w2e.mongodb.net/app`,
    "mongodb+srv://app:<password>@cluster0.q1w2e.mongodb.net/app",
  ),
  uri("amqp-uri", (pw) => `amqps://worker:${pw}@mq.internal:5671/prod`, "amqp://guest:guest@localhost:5672/"),
  uri(
    "redis-uri",
    (pw) => `rediss://:${pw}@cache.internal:6380/0`,
    "redis://:changeme@cache.internal:6379/0",
  ),
  uri(
    "http-basic-auth-uri",
    (pw) => `https://deploy:${pw}@git.acme.io/infra.git`,
    "https://user:pass@example.com/repo.git",
  ),
  uri(
    "ftp-uri",
    (pw) => `sftp://backup:${pw}@files.acme.io/backups`,
    "ftp://anonymous:anonymous@ftp.example.org/pub",
  ),
  uri(
    "uri-with-password",
    (pw) => `smtps://mailer:${pw}@smtp.acme.io:465`,
    "smtp://user:${SMTP_PASSWORD}@smtp.acme.io:587",
  ),
  uri(
    "jdbc-password",
    (pw) => `jdbc:mysql://db.internal:3306/app?user=app&password=${pw}`,
    "jdbc:mysql://db.internal:3306/app?user=app&password=${DB_PASS}",
  ),
  {
    rule: "ado-connection-string",
    file: "appsettings.json",
    positive: (r) => {
      const pw = r.str(16);
      return {
        text: `{"ConnectionStrings": {"Main": "Server=tcp:db.internal,1433;Database=app;User ID=app;Password=${pw};"}}\n`,
        secret: pw,
      };
    },
    nearMiss: () =>
      '{"ConnectionStrings": {"Main": "Server=tcp:db.internal,1433;Database=app;User ID=app;Password=${SQL_PASSWORD};"}}\n',
  },
  env(
    "cloudinary-url",
    "CLOUDINARY_URL",
    (r) => `cloudinary://${r.str(15, A.digits)}:${r.str(27, ALNUM_DASH)}@acme`,
    (r) => `CLOUDINARY_URL=cloudinary://${r.str(15, A.digits)}:<api_secret>@acme`,
  ),
  env(
    "datadog-api-key",
    "DD_API_KEY",
    (r) => r.hex(32),
    () => "DD_SITE=datadoghq.eu",
  ),
  env(
    "datadog-app-key",
    "DATADOG_APP_KEY",
    (r) => r.hex(40),
    () => "DATADOG_ENV=production",
  ),
  prefixed("new-relic-user-api-key", "NRAK-", 27, A.upperAlnum),
  prefixed("new-relic-insert-key", "NRII-", 32, ALNUM_DASH),
  prefixed("new-relic-browser-key", "NRJS-", 19, A.hex),
  token(
    "new-relic-license-key",
    (r) => `${r.hex(36)}NRAL`,
    (r) => `${r.hex(35)}NRAL`,
  ),
  token(
    "sentry-org-token",
    (r) =>
      `sntrys_${Buffer.from(JSON.stringify({ iat: 1700000000 + r.int(1e6), url: "https://sentry.io", org: "acme" })).toString("base64url")}_${r.str(43)}`,
    (r) => `sntrys_eyJ${r.str(30)}`,
  ),
  prefixed("sentry-user-token", "sntryu_", 64, A.hex),
  token("grafana-service-account-token", grafanaServiceAccount, (r) =>
    mutate(grafanaServiceAccount(r), -1, A.hex),
  ),
  token(
    "grafana-api-key",
    (r) => `eyJrIjoi${alnumBase64Json(r, () => ({ k: r.str(32), n: "ci", id: 1 })).slice(8)}`,
    (r) => `eyJrIjoi${r.str(30)}`,
  ),
  token(
    "postman-api-key",
    (r) => `PMAK-${r.hex(24)}-${r.hex(34)}`,
    (r) => `PMAK-${r.hex(24)}-${r.hex(33)}`,
  ),
  prefixed("linear-api-key", "lin_api_", 40),
  prefixed("notion-integration-token", "secret_", 43),
  token(
    "notion-api-token",
    (r) => `ntn_${r.str(11, A.digits)}${r.str(35)}`,
    (r) => `ntn_${r.str(11, A.digits)}${r.str(34)}`,
  ),
  prefixed("figma-access-token", "figd_", 40, ALNUM_DASH),
  token(
    "hubspot-private-app-token",
    (r) => `pat-na1-${r.uuid()}`,
    (r) => `pat-na1-${r.hex(32)}`,
  ),
  env(
    "okta-api-token",
    "OKTA_API_TOKEN",
    (r) => `00${r.str(40, ALNUM_DASH)}`,
    () => "OKTA_ORG_URL=https://acme.okta.com",
  ),
  token(
    "twitter-bearer-token",
    (r) => `${"A".repeat(22)}${r.str(90)}`,
    (r) => `${"A".repeat(22)}${r.str(40)}`,
  ),
  token(
    "facebook-access-token",
    (r) => `EAA${r.str(150)}`,
    (r) => `EAA${r.str(60)}`,
  ),
  token(
    "mapbox-secret-token",
    (r) => `sk.eyJ${r.str(60, ALNUM_DASH)}.${r.str(22, ALNUM_DASH)}`,
    (r) => `pk.eyJ${r.str(60, ALNUM_DASH)}.${r.str(22, ALNUM_DASH)}`,
  ),
  prefixed("contentful-pat", "CFPAT-", 43, ALNUM_DASH),
  token(
    "dynatrace-api-token",
    (r) => `dt0c01.${r.str(24, A.upperAlnum)}.${r.str(64, A.upperAlnum)}`,
    (r) => `dt0c01.${r.str(24, A.upperAlnum)}.${r.str(63, A.upperAlnum)}`,
  ),
  prefixed("prefect-api-key", "pnu_", 36),
  prefixed("readme-api-key", "rdme_", 70, A.lowerAlnum),
  prefixed("typeform-token", "tfp_", 59),
  prefixed("frameio-token", "fio-u-", 64, ALNUM_DASH),
  token(
    "tailscale-key",
    (r) => `tskey-auth-${r.str(16)}-${r.str(33)}`,
    (r) => `tskey-auth-${r.str(16)}-${r.str(10)}`,
  ),
  env(
    "ngrok-authtoken",
    "NGROK_AUTHTOKEN",
    (r) => `${r.str(27)}_${r.str(21)}`,
    () => "NGROK_REGION=eu",
  ),
  token(
    "firebase-cloud-messaging-key",
    (r) => `AAAA${r.str(7, ALNUM_DASH)}:APA91b${r.str(134, ALNUM_DASH)}`,
    (r) => `AAAA${r.str(7, ALNUM_DASH)}:APA91b${r.str(100, ALNUM_DASH)}`,
  ),
  token(
    "dropbox-access-token",
    (r) => `sl.${r.str(140, ALNUM_DASH)}`,
    (r) => `sl.${r.str(50, ALNUM_DASH)}`,
  ),
  env(
    "algolia-admin-key",
    "ALGOLIA_ADMIN_API_KEY",
    (r) => r.hex(32),
    (r) => `ALGOLIA_APP_ID=${r.str(10, A.upperAlnum)}`,
  ),
  env(
    "snyk-token",
    "SNYK_TOKEN",
    (r) => r.uuid(),
    () => "SNYK_ORG=acme-org",
  ),
  env(
    "fastly-api-token",
    "FASTLY_API_TOKEN",
    (r) => r.str(32, ALNUM_DASH),
    (r) => `FASTLY_SERVICE_ID=${r.str(22)}`,
  ),
  prefixed("adobe-client-secret", "p8e-", 32),
];
