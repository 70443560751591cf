/**
 * The baseline: the same CREATE ROLE statement sent straight through `pg` on a pool of the same
 * size, from `concurrency` loops, with names and passwords quoted by escapeIdentifier and
 * escapeLiteral. `asEngine` adds what the engine sends around it (the name lookup, BEGIN, COMMIT).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export async function rawCreateRoles(
  pool: pg.Pool,
  concurrency: number,
  seconds: number,
  asEngine: boolean,
): Promise<{ ops: number; seconds: number }> {
  const until = Date.now() + seconds * 1000;
  const expiration = `${new Date(Date.now() + 3600_000).toISOString().slice(0, 19).replace("T", " ")}+00`;
  let ops = 0;
  const start = process.hrtime.bigint();
  const loop = async () => {
    while (Date.now() < until) {
      const name = `raw-${randomBytes(10).toString("hex")}`;
      const password = randomBytes(15).toString("base64url");
      const sql = `CREATE ROLE ${pg.escapeIdentifier(name)} WITH LOGIN PASSWORD ${pg.escapeLiteral(password)} VALID UNTIL ${pg.escapeLiteral(expiration)};`;
      if (!asEngine) {
        await pool.query(sql);
      } else {
        await pool.query("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", [name]);
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          await client.query(sql);
          await client.query("COMMIT");
        } finally {
          client.release();
        }
      }
      ops++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { ops, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}
