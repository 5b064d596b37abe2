import { describe, expect, it } from "vitest";
import { judge } from "../../../src/dialects/index.js";
import { coverage } from "../../../src/dialects/postgresql/judge/partition-coverage.js";
import type { Table } from "../../../src/dialects/postgresql/model/snapshot.js";
import { column, snapshot, table } from "./snapshot-factory.js";

describe("partition coverage", () => {
  it.each([
    ["FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", [], "uncovered"],
    ["FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", ["DEFAULT"], "covered"],
    ["FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", ["FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"], "covered"],
    ["FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", ["FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')", "FOR VALUES FROM ('2024-07-01') TO ('2025-01-01')"], "covered"],
    ["FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", ["FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')"], "uncovered"],
    ["FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", ["FOR VALUES FROM ('2023-01-01') TO ('2026-01-01')"], "covered"],
    ["FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", ["FOR VALUES FROM ('2024-02-01') TO ('2026-01-01')"], "uncovered"],
    ["FOR VALUES FROM (MINVALUE) TO (10)", ["FOR VALUES FROM (0) TO (10)"], "uncovered"],
    ["FOR VALUES FROM (1) TO (10)", ["FOR VALUES FROM (MINVALUE) TO (5)", "FOR VALUES FROM (5) TO (MAXVALUE)"], "covered"],
    ["FOR VALUES FROM ('a') TO ('m')", ["FOR VALUES FROM ('a') TO ('c')"], "unknown"],
    ["FOR VALUES FROM (1, 1) TO (2, 2)", ["FOR VALUES FROM (1, 1) TO (2, 1)"], "unknown"],
    ["FOR VALUES FROM ('1') TO ('100')", ["FOR VALUES FROM ('1') TO ('9')"], "unknown"],
    ["FOR VALUES IN ('a', 'b')", ["FOR VALUES IN ('b')", "FOR VALUES IN ('a', 'c')"], "covered"],
    ["FOR VALUES IN ('a', 'b')", ["FOR VALUES IN ('a')"], "uncovered"],
    ["FOR VALUES IN ('it''s')", ["FOR VALUES IN ('it''s')", "FOR VALUES IN ('x')"], "covered"],
    ["FOR VALUES IN (NULL)", ["FOR VALUES IN ('a')"], "uncovered"],
    ["FOR VALUES IN ('a')", ["FOR VALUES IN ('b')", "FOR VALUES IN (lower('A'))"], "unknown"],
    ["FOR VALUES WITH (modulus 4, remainder 1)", ["FOR VALUES WITH (modulus 2, remainder 1)"], "covered"],
    ["FOR VALUES WITH (modulus 2, remainder 1)", ["FOR VALUES WITH (modulus 4, remainder 1)", "FOR VALUES WITH (modulus 4, remainder 3)"], "covered"],
    ["FOR VALUES WITH (modulus 2, remainder 1)", ["FOR VALUES WITH (modulus 4, remainder 1)"], "uncovered"],
    ["DEFAULT", ["FOR VALUES IN ('a')"], "unknown"],
  ] as const)("%s by %j is %s", (bound, targets, expected) => {
    expect(coverage(bound, targets)).toBe(expected);
  });

  it("compares quoted numbers as numbers only when the key is numeric", () => {
    expect(coverage("FOR VALUES FROM ('1') TO ('100')", ["FOR VALUES FROM ('1') TO ('9')"], true)).toBe("uncovered");
    expect(coverage("FOR VALUES FROM (1.5) TO ('100')", ["FOR VALUES FROM (1) TO ('200')"])).toBe("covered");
  });
});

describe("partition judgements", () => {
  const cols = [column("id", "integer"), column("at", "date")];
  const parent = (over: Partial<Table> = {}) => table("app.events", cols, { kind: "partitioned", partitionKey: "RANGE (at)", ...over });
  const part = (name: string, bound: string) => table(`app.${name}`, cols, { kind: "partition", partitionOf: "app.events", partitionBound: bound });
  const y2024 = "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')";
  const run = (source: Table[], target: Table[]) => judge(snapshot({ tables: source }), snapshot({ tables: target })).map((f) => `${f.rule} ${f.severity} ${f.object}`);

  it("a table partitioned in TARGET with no partition is breaking; with a partition it stays risky", () => {
    expect(run([table("app.events", cols)], [parent()])).toEqual(["table-kind-changed breaking app.events"]);
    expect(run([table("app.events", cols)], [parent(), part("events_2024", y2024)])).toEqual(["table-kind-changed risky app.events", "table-extra info app.events_2024"]);
  });

  it("a detached partition is breaking unless another TARGET partition (or DEFAULT) takes its rows", () => {
    const detached = table("app.events_2024", cols);
    expect(run([parent(), part("events_2024", y2024)], [parent(), detached])).toEqual(["table-kind-changed breaking app.events_2024"]);
    expect(run([parent(), part("events_2024", y2024)], [parent(), detached, part("events_default", "DEFAULT")])).toEqual([
      "table-kind-changed risky app.events_2024",
      "table-extra info app.events_default",
    ]);
  });

  it("narrowed bounds with nothing for the rest are breaking; covered by a sibling they stay risky", () => {
    const h1 = "FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')";
    expect(run([parent(), part("events_2024", y2024)], [parent(), part("events_2024", h1)])).toEqual(["partition-changed breaking app.events_2024"]);
    // Routed rows find events_2024b, but direct INSERTs into events_2024 for the second half fail.
    expect(run([parent(), part("events_2024", y2024)], [parent(), part("events_2024", h1), part("events_2024b", "FOR VALUES FROM ('2024-07-01') TO ('2025-01-01')")])).toEqual([
      "partition-changed breaking app.events_2024",
      "table-extra info app.events_2024b",
    ]);
    // Widened: every row SOURCE's bound takes, TARGET's does too.
    expect(run([parent(), part("events_2024", h1)], [parent(), part("events_2024", y2024)])).toEqual(["partition-changed risky app.events_2024"]);
  });
});
