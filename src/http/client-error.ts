/**
 * What happens when node:http's parser gives up on a connection (or the front cut a request
 * short mid-body): a JSON error written straight to the connection, then a graceful close.
 */
import type { IncomingMessage } from "node:http";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "../util/logger.js";
import { errorBody } from "./errors.js";
import { refusalFor } from "./front/reasons.js";
import { FrontedSocket } from "./front/socket.js";

/**
 * Node's parser gave up on a request (or the front cut one short mid-body). Stop reading, answer
 * with a JSON error once no earlier pipelined response is still being written (so the answer
 * cannot be mistaken for one of theirs), then close.
 */
export function createClientErrorHandler(
  logger: Logger,
): (err: NodeJS.ErrnoException, socket: Duplex) => void {
  return (err, socket) => onClientError(err, socket, logger);
}

function onClientError(err: NodeJS.ErrnoException, socket: Duplex, logger: Logger): void {
  if (err.code === "ECONNRESET" || err.code === "EPIPE" || socket.destroyed) return;
  const front = socket instanceof FrontedSocket ? socket : null;
  if (front === null) {
    socket.destroy();
    return;
  }
  if (front.closing) return;
  front.stopReading();
  let status = 400;
  let message = "malformed request";
  if (front.refusal) {
    ({ status, message } = refusalFor(front.refusal));
  } else if (err.code === "HPE_HEADER_OVERFLOW") {
    ({ status, message } = refusalFor("header-too-large"));
  } else if (err.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    status = 408;
    message = "request timed out";
  }
  logger.debug("malformed request", {
    status,
    reason: front.refusal ?? err.code,
    remote: front.remoteAddress,
  });
  const body = errorBody([message]);
  whenNoEarlierResponsePending(front, () => {
    if (front.writable) {
      front.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
          `Cache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    front.closeAfterError();
  });
}

interface ActiveResponse {
  headersSent: boolean;
  req?: IncomingMessage;
  once(event: "finish", listener: () => void): unknown;
}

/**
 * Runs `then` once the response node:http is writing (if any) belongs to the broken request
 * itself and has not started. `_httpMessage` is node:http's own record of that response.
 */
function whenNoEarlierResponsePending(socket: FrontedSocket, then: () => void): void {
  if (socket.destroyed) return;
  const active = (socket as unknown as { _httpMessage?: ActiveResponse | null })._httpMessage;
  if (!active || (!active.headersSent && active.req?.complete === false)) {
    then();
    return;
  }
  active.once("finish", () => whenNoEarlierResponsePending(socket, then));
}
