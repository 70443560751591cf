/** LeaseKeeper's schedule: renew at two thirds, stop and warn when capped, retry after a failure. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LeaseApi, type LeaseInfo, LeaseKeeper } from "../../src/index.js";
import { ManualTimers } from "../inject/manual-timers.js";

/** A LeaseApi whose answers the test scripts. */
class ScriptedLeases extends LeaseApi {
  answers: Array<LeaseInfo | Error> = [];
  calls: Array<{ id: string; increment?: number }> = [];
  constructor() {
    super(undefined as never);
  }
  override async renew(id: string, increment?: number): Promise<LeaseInfo> {
    this.calls.push({ id, increment });
    const next = this.answers.shift();
    if (!next || next instanceof Error) throw next ?? new Error("no answer");
    return next;
  }
  override async revoke(): Promise<void> {}
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("LeaseKeeper", () => {
  it("asks for the first duration again and stops with `expiring` once the server grants less", async () => {
    const api = new ScriptedLeases();
    const timers = new ManualTimers();
    const keeper = new LeaseKeeper(api, timers);
    const expiring: LeaseInfo[] = [];
    keeper.on("expiring", (l) => expiring.push(l));
    keeper.keep({ id: "db/creds/a/1", duration: 300, renewable: true });
    assert.deepEqual(timers.delays, [200_000]);
    api.answers.push({ id: "db/creds/a/1", duration: 300, renewable: true });
    timers.fireAll();
    await tick();
    assert.deepEqual(api.calls, [{ id: "db/creds/a/1", increment: 300 }]);
    assert.deepEqual(timers.delays, [200_000]);
    api.answers.push({ id: "db/creds/a/1", duration: 120, renewable: true });
    timers.fireAll();
    await tick();
    assert.equal(expiring.length, 1);
    assert.equal(expiring[0].duration, 120);
    assert.deepEqual(timers.delays, [], "no renewal after the cap");
  });

  it("retries a failed renewal within the remaining third and reports the failure", async () => {
    const api = new ScriptedLeases();
    const timers = new ManualTimers();
    const keeper = new LeaseKeeper(api, timers);
    const failures: string[] = [];
    keeper.on("failed", (_err, id) => failures.push(id));
    keeper.keep({ id: "l1", duration: 90, renewable: true });
    api.answers.push(new Error("connection refused"));
    timers.fireAll();
    await tick();
    assert.deepEqual(failures, ["l1"]);
    assert.deepEqual(timers.delays, [20_000], "two thirds of the 30 s that remained");
  });

  it("does not schedule a lease that is not renewable", () => {
    const timers = new ManualTimers();
    const keeper = new LeaseKeeper(new ScriptedLeases(), timers);
    let expiring = 0;
    keeper.on("expiring", () => expiring++);
    keeper.keep({ id: "l2", duration: 60, renewable: false });
    assert.equal(expiring, 1);
    assert.deepEqual(timers.delays, []);
  });
});
