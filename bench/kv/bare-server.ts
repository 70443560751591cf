/**
 * The baseline server: bare node:http answering every request with the JSON body given in
 * BENCH_BARE_BODY and the same headers cofre sends. Prints {"port":N} on stdout once listening.
 */
import { createServer } from "node:http";

const body = process.env.BENCH_BARE_BODY ?? "{}";
const headers = {
  "content-type": "application/json",
  "cache-control": "no-store",
  "content-length": Buffer.byteLength(body),
};

const server = createServer((_req, res) => {
  res.writeHead(200, headers).end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
