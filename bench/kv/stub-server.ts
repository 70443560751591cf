/**
 * cofre's HTTP layer (connection front, node:http, fastify, the adapter and the envelope) in
 * front of a stub core that answers every request at once with the `data` of the read body given
 * in BENCH_STUB_BODY. It shows what the HTTP layer alone costs; the core does no work here.
 * Prints {"port":N} on stdout once listening.
 */
import { createHttpServer } from "../../src/http/server.js";
import { createLogger } from "../../src/util/logger.js";

const { data } = JSON.parse(process.env.BENCH_STUB_BODY ?? '{"data":{}}') as {
  data: Record<string, unknown>;
};
const server = createHttpServer({
  logger: createLogger({ level: "error" }),
  handler: {
    async handle(req) {
      return {
        requestId: req.id,
        leaseId: "",
        renewable: false,
        leaseDuration: 0,
        data,
        warnings: null,
        auth: null,
        wrapInfo: null,
        mountType: "kv",
      };
    },
  },
});
const { port } = await server.listen("127.0.0.1:0");
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
