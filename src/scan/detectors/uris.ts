import { isPlaceholder } from "../engine/placeholders.js";
import type { CheckInput, Confidence } from "../types.js";
import { type DetectorSpec, family } from "./define.js";

const LOCAL_HOST = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|host\.docker\.internal)$/i;

/** URI credentials: documentation hosts are dropped; local hosts are low confidence. */
function uriCheck({ match, secret }: CheckInput): Confidence | null {
  const host = match.groups?.host ?? "";
  // A default account whose password is its name (guest:guest, postgres:postgres) is no secret.
  if ((match.groups?.user ?? "").toLowerCase() === secret.toLowerCase()) return null;
  if (/example|\.test$|\.invalid$|^(?:host|hostname|server|domain)$/i.test(host) || isPlaceholder(host))
    return null;
  return LOCAL_HOST.test(host) ? "low" : "medium";
}

function uri(id: string, description: string, schemes: string[]): DetectorSpec {
  const alternatives = schemes.map((s) => s.replace(/[.+]/g, "\\$&")).join("|");
  return {
    id,
    description,
    keywords: schemes.map((s) => `${s}://`),
    pattern: new RegExp(
      `(?<![A-Za-z0-9+.-])(?:${alternatives}):\\/\\/(?<user>[^:/?#@\\s"'\`<>]{0,128}):(?<secret>[^@/?#\\s"'\`<>]{3,256})@(?<host>[^/?#\\s"'\`:,;<>]{1,255})`,
      "i",
    ),
    reach: { before: 24, after: 700 },
    check: uriCheck,
  };
}

/** Connection strings and URLs with embedded passwords. */
export const uriDetectors = family("uri", [
  uri("postgres-uri", "PostgreSQL connection URI with password", ["postgres", "postgresql"]),
  uri("mysql-uri", "MySQL / MariaDB connection URI with password", ["mysql", "mysqlx", "mariadb"]),
  uri("mongodb-uri", "MongoDB connection URI with password", ["mongodb", "mongodb+srv"]),
  uri("amqp-uri", "AMQP (RabbitMQ) connection URI with password", ["amqp", "amqps"]),
  uri("redis-uri", "Redis connection URI with password", ["redis", "rediss"]),
  uri("http-basic-auth-uri", "HTTP(S) URL with embedded username and password", ["http", "https"]),
  uri("ftp-uri", "FTP / SFTP URL with password", ["ftp", "ftps", "sftp"]),
  uri("uri-with-password", "Service URI with embedded password", [
    "smtp",
    "smtps",
    "mssql",
    "sqlserver",
    "neo4j",
    "neo4j+s",
    "bolt",
    "clickhouse",
    "cockroachdb",
    "nats",
    "ldap",
    "ldaps",
    "couchbase",
    "mqtt",
    "mqtts",
    "kafka",
    "snowflake",
  ]),
  {
    id: "jdbc-password",
    description: "JDBC connection string with password parameter",
    keywords: ["jdbc:"],
    pattern: /jdbc:[a-z0-9]+:[^\s"'`]{0,300}?[?;&:](?:password|pwd)=(?<secret>[^&;\s"'`]{3,128})/i,
    reach: { before: 8, after: 600 },
  },
  {
    id: "ado-connection-string",
    description: "ADO.NET / ODBC connection string with password",
    keywords: ["password=", "pwd="],
    pattern:
      /(?:server|data source|host|address)\s*=[^;"'\n]{1,200};[^"'\n]{0,300}?(?:password|pwd)\s*=\s*(?<secret>[^;"'\n]{3,128})/i,
    reach: { before: 500, after: 200 },
  },
  {
    id: "cloudinary-url",
    description: "Cloudinary URL with API secret",
    keywords: ["cloudinary://"],
    pattern: /cloudinary:\/\/\d{10,20}:(?<secret>[A-Za-z0-9_-]{27})@[a-z0-9_-]+/,
    minEntropy: 3.5,
  },
]);
