import { buildCheckReport } from "../../../src/gate/build-check-report.js";
import type { CheckReport } from "../../../src/model/check-report.js";
import { checkChanged, commentChanged, insertRevoked, notNullWithoutDefault, pair } from "./sample-findings.js";

/** A blocked single-pair report exercising every severity, a waiver, an expired and an unused waiver. */
export function blockedReport(): CheckReport {
  return buildCheckReport({
    command: "check",
    failOn: "breaking",
    today: "2025-03-01",
    pairs: [pair([notNullWithoutDefault, insertRevoked, checkChanged, commentChanged])],
    waivers: [
      { rule: "comment-changed", object: "catalog.*", reason: "docs team rewrites comments in prod", owner: "docs", expires: "2025-12-31" },
      { rule: "check-constraint-changed", object: "catalog.*", reason: "tightened early", owner: "data-platform", expires: "2025-01-31" },
      { rule: "column-type-changed", object: "billing.*", reason: "migration in flight", owner: "billing", expires: "2025-12-31" },
    ],
  });
}

export function cleanReport(): CheckReport {
  return buildCheckReport({ command: "check", failOn: "breaking", today: "2025-03-01", pairs: [pair([commentChanged])], waivers: [] });
}

export function multiPairReport(): CheckReport {
  return buildCheckReport({
    command: "check",
    failOn: "breaking",
    today: "2025-03-01",
    pairs: [
      pair([checkChanged], "test", "staging"),
      { ...pair([], "staging", "prod"), error: { exitCode: 3, message: "prod: cannot connect to postgres://writer:***@prod-db/meta: connection refused" } },
    ],
    waivers: [],
  });
}
