import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AuditFailedError,
  CofreError,
  type ErrorCode,
  InternalError,
  InvalidRequestError,
  InvalidTokenError,
  PermissionDeniedError,
  UpstreamError,
} from "../../src/errors.js";
import { goMultiError, renderError, STATUS_BY_CODE } from "../../src/http/errors.js";
import { createLogger, silentLogger } from "../../src/util/logger.js";

describe("http/errors", () => {
  it("answers internal errors with a bare message and logs their detail for the operator", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "info", write: (l) => lines.push(l) });
    const err = new InternalError("stored value failed integrity check at logical/x/y");
    const out = renderError(err, logger, { requestId: "r1", method: "GET", path: "/v1/secret/data/y" });
    assert.deepEqual(out, { status: 500, body: '{"errors":["internal error"]}' });
    assert.equal(lines.length, 1);
    assert.match(lines[0], /integrity check at logical\/x\/y/);
    assert.match(lines[0], /"level":"error"/);
  });

  it("maps every error code to its status", () => {
    const expected: Record<ErrorCode, number> = {
      invalid_request: 400,
      permission_denied: 403,
      invalid_token: 403,
      not_found: 404,
      unsupported_path: 404,
      unsupported_operation: 405,
      payload_too_large: 413,
      unsupported_media_type: 415,
      rate_limited: 429,
      internal: 500,
      audit_failed: 500,
      upstream: 502,
      sealed: 503,
      uninitialized: 503,
    };
    assert.deepEqual(STATUS_BY_CODE, expected);
    for (const [code, status] of Object.entries(expected)) {
      assert.equal(renderError(new CofreError(code as ErrorCode, "m"), silentLogger).status, status);
    }
  });

  it("formats Go multierror text", () => {
    assert.equal(goMultiError(["permission denied"]), "1 error occurred:\n\t* permission denied\n\n");
    assert.equal(
      goMultiError(["permission denied", "invalid token"]),
      "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n",
    );
  });

  it("renders permission errors as multierror text and others as plain messages", () => {
    assert.deepEqual(renderError(new PermissionDeniedError(), silentLogger), {
      status: 403,
      body: JSON.stringify({ errors: ["1 error occurred:\n\t* permission denied\n\n"] }),
    });
    assert.deepEqual(renderError(new InvalidTokenError(), silentLogger), {
      status: 403,
      body: JSON.stringify({ errors: ["2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n"] }),
    });
    assert.deepEqual(renderError(new InvalidRequestError(["a", "b"]), silentLogger), {
      status: 400,
      body: '{"errors":["a","b"]}',
    });
    assert.deepEqual(renderError(new UpstreamError("database unreachable"), silentLogger).status, 502);
    assert.deepEqual(renderError(new AuditFailedError(), silentLogger), {
      status: 500,
      body: '{"errors":["internal error"]}',
    });
  });

  it("turns anything else into a logged 500 internal error", () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const out = renderError(new RangeError("index 7 out of range"), logger, {
      requestId: "r1",
      method: "GET",
      path: "secret/data/a",
    });
    assert.deepEqual(out, { status: 500, body: '{"errors":["internal error"]}' });
    const entry = JSON.parse(lines[0]);
    assert.equal(entry.level, "error");
    assert.deepEqual(entry.error, { name: "RangeError", message: "index 7 out of range" });
    assert.equal(entry.request_id, "r1");
    assert.equal(renderError("a string", silentLogger).status, 500);
  });
});
