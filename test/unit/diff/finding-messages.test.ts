import { describe, expect, it } from "vitest";
import { judge } from "../../../src/dialects/index.js";
import type { Sequence, SnapshotContent } from "../../../src/dialects/postgresql/model/snapshot.js";
import { column, constraint, index, sequence, snapshot, table } from "./snapshot-factory.js";

function run(source: Partial<SnapshotContent>, target: Partial<SnapshotContent>) {
  return judge(snapshot(source), snapshot(target));
}

const appsNo = (over: Partial<Sequence> = {}): Sequence => sequence("apps_no", over);

describe("messages say what differs", () => {
  it("sequence-changed shows OWNED BY when only the owning column differs", () => {
    const apps = table("apps", [column("id", "bigint"), column("legacy_id", "bigint")]);
    const [finding, ...rest] = run(
      { tables: [apps], sequences: [appsNo({ ownedBy: "public.apps.id" })] },
      { tables: [apps], sequences: [appsNo({ ownedBy: "public.apps.legacy_id" })] },
    );
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: "sequence-changed", severity: "info" });
    expect(finding!.source).not.toBe(finding!.target);
    expect(finding!.message).toBe("Sequence public.apps_no is owned by public.apps.legacy_id in TARGET, by public.apps.id in SOURCE.");
    expect(finding!.source).toContain("owned by public.apps.id");
    expect(finding!.target).toContain("owned by public.apps.legacy_id");
    expect(finding!.hint).toBe("ALTER SEQUENCE public.apps_no OWNED BY public.apps.id;");
  });

  it("sequence-missing does not claim writes fail when TARGET's default of the column draws from another sequence", () => {
    const withDefault = (seq: string) => table("apps", [column("id", "bigint", { notNull: true, default: `nextval('${seq}'::regclass)` })]);
    const findings = run(
      { tables: [withDefault("apps_no")], sequences: [appsNo({ ownedBy: "public.apps.id" })] },
      { tables: [withDefault("apps_id_seq")], sequences: [appsNo({ name: "apps_id_seq", ownedBy: "public.apps.id" })] },
    );
    const missing = findings.find((f) => f.rule === "sequence-missing");
    expect(missing?.why).toBe(
      "In TARGET public.apps.id draws from another sequence (DEFAULT nextval('apps_id_seq'::regclass)), so writes that omit it still get a value; writes that call nextval() on this sequence fail.",
    );
    // Where TARGET's column has no default, the claim stands.
    const plain = run(
      { tables: [withDefault("apps_no")], sequences: [appsNo({ ownedBy: "public.apps.id" })] },
      { tables: [table("apps", [column("id", "bigint", { notNull: true })])] },
    ).find((f) => f.rule === "sequence-missing");
    expect(plain?.why).toContain("fail or get no generated value in TARGET");
  });
});

describe("a unique key on more columns rejects fewer rows", () => {
  const teams = (...extra: Parameters<typeof index>[]) => table("teams", [column("name"), column("org")], { indexes: extra.map((a) => index(...a)) });

  it("a same-named unique index that only adds columns is not explained as rejecting duplicates; it loses ON CONFLICT", () => {
    const [finding] = run(
      { tables: [teams(["teams_uq", "public.teams", "name", { unique: true }])] },
      { tables: [teams(["teams_uq", "public.teams", "name, org", { unique: true }])] },
    );
    expect(finding).toMatchObject({ rule: "unique-index-added", severity: "risky" });
    expect(finding!.why).not.toContain("rejected by TARGET");
    expect(finding!.why).toContain("TARGET rejects no row SOURCE accepts");
    expect(finding!.why).toContain("INSERT ... ON CONFLICT (name) fails there");
  });

  it("a new unique index on more columns than a SOURCE key is info; fewer columns stays risky", () => {
    const [looser] = run(
      { tables: [teams(["teams_name_uq", "public.teams", "name", { unique: true }])] },
      { tables: [teams(["teams_name_uq", "public.teams", "name", { unique: true }], ["teams_name_org_uq", "public.teams", "name, org", { unique: true }])] },
    );
    expect(looser).toMatchObject({ rule: "unique-index-added", severity: "info", object: "public.teams.teams_name_org_uq" });
    const [stricter] = run(
      { tables: [teams(["teams_uq", "public.teams", "name, org", { unique: true }])] },
      { tables: [teams(["teams_uq", "public.teams", "name", { unique: true }])] },
    );
    expect(stricter).toMatchObject({ rule: "unique-index-added", severity: "risky" });
    expect(stricter!.why).toBe("Rows that SOURCE accepts as duplicates on these columns are rejected by TARGET.");
  });

  it("NULLS NOT DISTINCT or a partial SOURCE key does not imply a new key", () => {
    const [nnd] = run(
      { tables: [teams(["teams_name_uq", "public.teams", "name", { unique: true }])] },
      { tables: [teams(["teams_name_uq", "public.teams", "name", { unique: true }], ["teams_x_uq", "public.teams", "name, org", { unique: true, nullsNotDistinct: true }])] },
    );
    expect(nnd).toMatchObject({ rule: "unique-index-added", severity: "risky" });
    const [partial] = run(
      { tables: [teams(["teams_name_uq", "public.teams", "name", { unique: true, predicate: "(org IS NOT NULL)" }])] },
      { tables: [teams(["teams_name_uq", "public.teams", "name", { unique: true, predicate: "(org IS NOT NULL)" }], ["teams_x_uq", "public.teams", "name, org", { unique: true }])] },
    );
    expect(partial).toMatchObject({ rule: "unique-index-added", severity: "risky" });
  });

  it("a same-named UNIQUE constraint that only adds columns: TARGET rejects nothing more, ON CONFLICT is lost", () => {
    const key = (cols: string[]) => constraint("teams_name_key", "unique", `UNIQUE (${cols.join(", ")})`, { columns: cols });
    const [finding] = run(
      { tables: [table("teams", [column("name"), column("org")], { constraints: [key(["name"])] })] },
      { tables: [table("teams", [column("name"), column("org")], { constraints: [key(["name", "org"])] })] },
    );
    expect(finding).toMatchObject({ rule: "constraint-changed", severity: "risky" });
    expect(finding!.why).toContain("TARGET rejects no row SOURCE accepts");
    expect(finding!.why).toContain("ON CONFLICT (name) fails there");
    expect(finding!.why).not.toContain("may be rejected");
  });

  it("a new UNIQUE constraint on more columns than SOURCE's primary key is info", () => {
    const pk = constraint("teams_pkey", "primary key", "PRIMARY KEY (name)", { columns: ["name"] });
    const uq = constraint("teams_name_org_key", "unique", "UNIQUE (name, org)", { columns: ["name", "org"] });
    const [finding] = run(
      { tables: [table("teams", [column("name", "text", { notNull: true }), column("org")], { constraints: [pk] })] },
      { tables: [table("teams", [column("name", "text", { notNull: true }), column("org")], { constraints: [pk, uq] })] },
    );
    expect(finding).toMatchObject({ rule: "constraint-added", severity: "info" });
  });
});
