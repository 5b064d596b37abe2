import { parseTableName } from "../../../model/table-name.js";
import { findingId } from "../../../model/finding-id.js";
import { InputError } from "../../../errors.js";
import type { Finding, Severity } from "../../../model/finding.js";
import type { FitRuleId } from "../../../model/finding-kinds.js";
import { qualifiedName, quoteIdent, quoteLiteral } from "../model/identifiers.js";
import type { Snapshot, Table } from "../model/snapshot.js";
import { columnShape, type ColumnShape } from "./column-schema.js";
import { SchemaNormalizer } from "../../../schemas/normalize-schema.js";
import type { SchemaCatalog, SchemaEntry } from "../../../schemas/schema-catalog.js";
import { toDraft07, type SchemaNode, type SchemaObject } from "../../../schemas/schema-node.js";
import { SubsetChecker, type SubsetReason } from "../../../schemas/schema-subset.js";
import type { FitOptions, FitReport } from "../../../schemas/fit-report.js";

// The report's shape is the engine's (src/schemas/fit-report.ts); how a table's columns take a document is PostgreSQL's.
export type { FitOptions, FitReport };


function findTable(snapshot: Snapshot, tableName: string): Table {
  const { schema, name } = parseTableName(tableName.trim());
  const table = snapshot.content.tables.find((t) => t.schema === schema && t.name === name);
  if (table) return table;
  const view = snapshot.content.views.find((v) => v.schema === schema && v.name === name);
  if (view) throw new InputError(`${qualifiedName(schema, name)} in ${snapshot.origin.label} is a ${view.kind === "materialized" ? "materialized view" : "view"}, not a table`);
  throw new InputError(`table ${qualifiedName(schema, name)} not found in ${snapshot.origin.label}`);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 48 ? `${text.slice(0, 45)}..."` : text;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

const RULE_BY_KEYWORD: Record<string, FitRuleId> = {
  maxLength: "fit-length",
  minLength: "fit-length",
  minimum: "fit-range",
  maximum: "fit-range",
  exclusiveMinimum: "fit-range",
  exclusiveMaximum: "fit-range",
  multipleOf: "fit-range",
  enum: "fit-enum-label",
  format: "fit-format",
  pattern: "fit-format",
  anyOf: "fit-format",
  type: "fit-type",
};

/**
 * Would every document valid under the write schema be accepted by the table? A pure function of the
 * schema and a snapshot, so `check` can run it against both stores and report the shapes that fit SOURCE
 * but not TARGET. The set question (schema ⊆ table) is answered by the same proof `compat` uses, with the
 * table turned into a JSON Schema; what JSON Schema cannot say about a table (CHECK, triggers, row
 * security, partition bounds, domain checks) is reported as risky, never passed.
 */
export function fitSchemaToTable(schema: SchemaEntry, snapshot: Snapshot, tableName: string, options: FitOptions = {}): FitReport {
  const table = findTable(snapshot, tableName);
  const tableLabel = qualifiedName(table.schema, table.name);
  const shapes = new Map(table.columns.map((c) => [c.name, columnShape(snapshot.content, c)]));
  const docNode = new SchemaNormalizer([schema], options.catalog).normalize(schema);
  const column = options.column ?? null;
  const findings: Finding[] = [];
  const add = (rule: FitRuleId, severity: Severity, objectKind: string, object: string, detail: string, fields: Omit<Finding, "id" | "rule" | "severity" | "objectKind" | "object">) => {
    findings.push({ id: findingId(rule, object, detail), rule, severity, objectKind, object, ...fields });
  };
  const columnObject = (name: string) => `${tableLabel}.${quoteIdent(name)}`;

  let tableNode: SchemaNode;
  let written: ColumnShape[];
  if (column !== null) {
    const shape = shapes.get(column);
    if (!shape) throw new InputError(`column ${quoteIdent(column)} not found in ${tableLabel} (${snapshot.origin.label})`);
    if (!isJsonColumn(shape, snapshot)) throw new InputError(`column ${columnObject(column)} is ${shape.column.type}, not json or jsonb: --column needs a column that holds the whole document`);
    if (!shape.writable) throw new InputError(`column ${columnObject(column)} is generated: no document can be written into it`);
    tableNode = shape.accepts;
    written = [shape];
  } else {
    const properties: Record<string, SchemaNode> = {};
    for (const shape of shapes.values()) properties[shape.column.name] = shape.accepts;
    tableNode = {
      type: ["object"],
      properties,
      required: [...shapes.values()].filter((s) => s.required).map((s) => s.column.name),
      additionalProperties: false,
    };
    written = [...shapes.values()].filter((s) => s.writable && documentMayName(docNode, s.column.name));
  }

  for (const reason of new SubsetChecker().check(docNode, tableNode)) {
    const mapped = column !== null ? mapColumnReason(reason, column, shapes.get(column)!) : mapRowReason(reason, shapes, tableLabel);
    const object = mapped.columnName !== null ? columnObject(mapped.columnName) : tableLabel;
    add(mapped.rule, reason.certain ? "breaking" : "risky", mapped.columnName !== null ? "column" : "table", object, `${reason.path}:${reason.keyword}`, {
      message: mapped.message,
      why: reason.certain ? mapped.why : `${mapped.why}; driftgate could not decide: ${reason.why ?? "a keyword involved cannot be compared"}`,
      ...(reason.left !== undefined ? { source: reason.left } : {}),
      ...(reason.right !== undefined ? { target: reason.right } : {}),
      ...(mapped.hint ? { hint: mapped.hint } : {}),
    });
  }

  for (const shape of written) {
    for (const risk of shape.risks) {
      add(risk.rule, "risky", "column", columnObject(shape.column.name), risk.message, { message: `column ${quoteIdent(shape.column.name)}: ${risk.message}`, why: risk.why });
    }
  }
  findings.push(...roundingFindings(docNode, written, column, columnObject));

  for (const constraint of table.constraints) {
    if (!constraint.enforced) continue;
    const touches = column === null || constraint.columns.length === 0 || constraint.columns.includes(column);
    if (!touches) continue;
    if (constraint.type === "check") {
      add("fit-check-constraint", "risky", "constraint", `${tableLabel}.${quoteIdent(constraint.name)}`, constraint.name, {
        message: `${tableLabel} has ${constraint.name}: ${constraint.definition}`,
        why: "a CHECK expression can reject documents the schema allows; driftgate cannot prove either way",
        target: constraint.definition,
      });
    } else if (column === null) {
      add("fit-data-dependent", "info", "constraint", `${tableLabel}.${quoteIdent(constraint.name)}`, constraint.name, {
        message: `${tableLabel} has ${constraint.type} ${constraint.name}: ${constraint.definition}`,
        why: "whether it rejects a row depends on the data already stored, not on the document's shape",
      });
    }
  }
  for (const trigger of table.triggers) {
    if (trigger.enabled === "disabled" || !trigger.events.includes("insert")) continue;
    add("fit-trigger", "risky", "trigger", `${tableLabel}.${quoteIdent(trigger.name)}`, trigger.name, {
      message: `${tableLabel} has ${trigger.timing} insert trigger ${trigger.name} (${trigger.function})`,
      why: "a trigger can reject or change any row; driftgate cannot prove what it does",
      target: trigger.definition,
    });
  }
  if (table.rowSecurity) {
    const checks = table.policies.filter((p) => p.command === "all" || p.command === "insert");
    add("fit-row-security", "risky", "table", tableLabel, "row-security", {
      message:
        checks.length > 0
          ? `${tableLabel} has row-level security with ${checks.length} insert polic${checks.length === 1 ? "y" : "ies"} (${checks.map((p) => p.name).join(", ")})`
          : `${tableLabel} has row-level security and no insert policy (only the owner or a BYPASSRLS role can insert)`,
      why: "a policy's WITH CHECK depends on the writing role and the row's values; driftgate cannot prove it passes",
    });
  }
  if (table.kind === "partitioned") {
    add("fit-partition", "risky", "table", tableLabel, "partition", {
      message: `${tableLabel} is partitioned by ${table.partitionKey ?? "?"}`,
      why: "a row that falls outside every partition's bounds is rejected; driftgate does not compare bounds with the schema",
    });
  }

  const order: Record<Severity, number> = { breaking: 0, risky: 1, info: 2 };
  findings.sort((a, b) => order[a.severity] - order[b.severity] || (a.object < b.object ? -1 : a.object > b.object ? 1 : 0) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  const unique = findings.filter((f, i) => findings.findIndex((g) => g.id === f.id) === i);
  return {
    schema: schema.id,
    table: tableLabel,
    column,
    store: snapshot.origin.label,
    fits: !unique.some((f) => f.severity === "breaking"),
    findings: unique,
    tableSchema: toDraft07(tableNode),
  };
}

function isJsonColumn(shape: ColumnShape, snapshot: Snapshot): boolean {
  const type = shape.column.type.toLowerCase();
  if (type === "json" || type === "jsonb") return true;
  if (shape.column.typeKind === "domain" && shape.column.typeRef) {
    const domain = snapshot.content.domains.find((d) => qualifiedName(d.schema, d.name) === shape.column.typeRef);
    return domain !== undefined && /^jsonb?$/i.test(domain.baseType);
  }
  return false;
}

/** Whether some valid document may carry this property (cheap, conservative: anything unclear counts). */
function documentMayName(doc: SchemaNode, name: string): boolean {
  if (typeof doc === "boolean") return doc;
  if (doc.properties?.[name] === false) return false;
  if (doc.properties?.[name] !== undefined) return true;
  if (doc.additionalProperties === false && !doc.patternProperties && !doc.allOf && !doc.anyOf && !doc.oneOf) return false;
  return true;
}

interface MappedReason {
  readonly rule: FitRuleId;
  readonly columnName: string | null;
  readonly message: string;
  readonly why: string;
  readonly hint?: string;
}

function reasonTail(reason: SubsetReason): string {
  return reason.values;
}

function exampleTail(reason: SubsetReason): string {
  return reason.example !== undefined && show(reason.example) !== reason.values ? `, e.g. ${show(reason.example)}` : "";
}

function mapRowReason(reason: SubsetReason, shapes: Map<string, ColumnShape>, tableLabel: string): MappedReason {
  const segments = reason.path.split("/").slice(1);
  const top = segments[0] === undefined ? null : unescapePointer(segments[0]);
  const verb = reason.certain ? "rejects" : "may reject";
  if (top === null) {
    return { rule: "fit-type", columnName: null, message: `${tableLabel} ${verb} documents that are ${reasonTail(reason)}, which the schema allows`, why: "only a JSON object maps to a row" };
  }
  if (top === "*" && reason.keyword === "additionalProperties") {
    return {
      rule: "fit-unknown-property",
      columnName: null,
      message: `the schema allows properties that ${tableLabel} has no column for (it does not set "additionalProperties": false)`,
      why: "an INSERT that names a column the table does not have fails",
      hint: `add "additionalProperties": false to the schema, listing only the table's columns`,
    };
  }
  if (top.startsWith("{") || top === "*") {
    return { rule: "fit-unknown-property", columnName: null, message: `the schema allows properties matching ${top} that ${tableLabel} may not have columns for: ${reasonTail(reason)}`, why: "an INSERT that names a column the table does not have fails" };
  }
  const shape = shapes.get(top);
  if (!shape) {
    return {
      rule: "fit-unknown-property",
      columnName: null,
      message: `the schema allows property ${show(top)}, but ${tableLabel} has no such column`,
      why: "an INSERT that names a column the table does not have fails",
      hint: `remove ${show(top)} from the schema, or add the column`,
    };
  }
  const col = quoteIdent(top);
  if ((reason.keyword === "additionalProperties" || reason.keyword === "properties" || reason.keyword === "false") && segments.length === 1) {
    const how = shape.column.generated ? `GENERATED ALWAYS AS (${shape.column.generatedExpression ?? "..."})` : "GENERATED ALWAYS AS IDENTITY";
    return {
      rule: "fit-generated-column",
      columnName: top,
      message: `the schema allows property ${show(top)}, but column ${col} is ${how}`,
      why: "an INSERT may not give a value for a generated column",
      hint: `mark ${show(top)} as not allowed in the schema ("${top}": false)`,
    };
  }
  if (reason.keyword === "required" && segments.length === 1) {
    return {
      rule: "fit-required-column",
      columnName: top,
      message: `column ${col} is NOT NULL without a default, but the schema does not require ${show(top)}`,
      why: "a document without it inserts NULL, which the column rejects",
      hint: `add ${show(top)} to "required", or give the column a default`,
    };
  }
  const where = segments.length > 1 ? ` at ${reason.path}` : "";
  if (reason.keyword === "type" && /\bnull\b/.test(reason.values) && (shape.column.notNull || !acceptsNull(shape.accepts))) {
    return {
      rule: reason.values === "null" ? "fit-not-null" : "fit-type",
      columnName: top,
      message: `column ${col} (${shape.typeLabel})${where} ${verb} ${reasonTail(reason)}, which the schema allows${exampleTail(reason)}`,
      why: reason.values === "null" ? "the column is NOT NULL" : "the column's type cannot take these values",
      hint: reason.values === "null" ? `remove "null" from the type of ${show(top)} in the schema` : undefined,
    };
  }
  let rule: FitRuleId = RULE_BY_KEYWORD[reason.keyword] ?? "fit-type";
  if (rule === "fit-range" && shape.numericPrecision && reason.keyword !== "multipleOf") rule = "fit-precision";
  const whyByRule: Partial<Record<FitRuleId, string>> = {
    "fit-length": `PostgreSQL rejects a longer value ("value too long for type ${shape.column.type.replace(/(\[\])+$/, "")}")`,
    "fit-range": "PostgreSQL rejects a value outside the type's range",
    "fit-precision": `PostgreSQL rejects a value that does not fit ${shape.column.type} after rounding`,
    "fit-enum-label": "PostgreSQL rejects a value that is not one of the enum's labels",
    "fit-format": "PostgreSQL rejects text its input function cannot parse",
    "fit-type": "the column's type cannot take these values",
  };
  let hint: string | undefined;
  if (rule === "fit-length" && reason.right) hint = `set "${reason.right.replace(" ", '": ')} on ${reason.path} in the schema, or widen the column`;
  if ((rule === "fit-range" || rule === "fit-precision") && reason.right) hint = `set "${reason.right.replace(" ", '": ')} on ${reason.path} in the schema, or widen the column`;
  if (rule === "fit-enum-label" && typeof reason.example === "string" && shape.column.typeRef) {
    hint = `ALTER TYPE ${shape.column.typeRef} ADD VALUE ${quoteLiteral(reason.example)}, or remove it from the schema's enum`;
  }
  return {
    rule,
    columnName: top,
    message: `column ${col} (${shape.typeLabel})${where} ${verb} ${reasonTail(reason)}, which the schema allows${exampleTail(reason)}`,
    why: whyByRule[rule] ?? "the column rejects these values",
    hint,
  };
}

function mapColumnReason(reason: SubsetReason, column: string, shape: ColumnShape): MappedReason {
  const verb = reason.certain ? "rejects" : "may reject";
  const where = reason.path === "" ? "documents" : `documents whose ${reason.path} is`;
  return {
    rule: RULE_BY_KEYWORD[reason.keyword] ?? "fit-type",
    columnName: column,
    message: `column ${quoteIdent(column)} (${shape.typeLabel}) ${verb} ${where} ${reasonTail(reason)}, which the schema allows${exampleTail(reason)}`,
    why: "the column's type or domain rejects these values",
  };
}

function acceptsNull(node: SchemaNode): boolean {
  if (typeof node === "boolean") return node;
  if (node.type && !node.type.includes("null")) return false;
  if (node.anyOf) return node.anyOf.some(acceptsNull);
  return true;
}

/** numeric(p,s) rounds instead of rejecting: info, unless the schema already limits values to s decimals. */
function roundingFindings(doc: SchemaNode, written: readonly ColumnShape[], column: string | null, columnObject: (name: string) => string): Finding[] {
  if (column !== null) return [];
  const scaled = written.filter((s) => /^numeric\(\d+,([1-9]\d*)\)(\[\])*$/.test(s.column.type.toLowerCase()));
  if (scaled.length === 0) return [];
  const properties: Record<string, SchemaObject> = {};
  for (const shape of scaled) {
    const scale = Number(/^numeric\(\d+,(\d+)\)/.exec(shape.column.type.toLowerCase())![1]);
    properties[shape.column.name] = { multipleOf: 10 ** -scale };
  }
  const probe = new SubsetChecker().check(doc, { properties });
  const out: Finding[] = [];
  for (const shape of scaled) {
    const name = shape.column.name;
    if (!probe.some((r) => r.path === `/${name.replace(/~/g, "~0").replace(/\//g, "~1")}` && r.keyword === "multipleOf")) continue;
    const object = columnObject(name);
    const rule: FitRuleId = "fit-rounding";
    out.push({
      id: findingId(rule, object, "scale"),
      rule,
      severity: "info",
      objectKind: "column",
      object,
      message: `column ${quoteIdent(name)} (${shape.column.type}): ${shape.notes.join("; ")}; the schema allows more decimals`,
      why: "the write succeeds, but the stored value is rounded",
    });
  }
  return out;
}

/**
 * For `check`: the findings of TARGET that SOURCE does not have, i.e. the document shapes that fit SOURCE
 * but not TARGET. Findings are matched by id (rule, object, keyword and path, never values), so a
 * varchar(100) in SOURCE and varchar(50) in TARGET that both reject the schema's 200 is not a regression,
 * while one that only TARGET rejects is.
 */
export function fitRegressions(source: FitReport, target: FitReport): Finding[] {
  const rank: Record<Severity, number> = { breaking: 3, risky: 2, info: 1 };
  const inSource = new Map(source.findings.map((f) => [f.id, rank[f.severity]]));
  return target.findings.filter((f) => f.severity !== "info" && (inSource.get(f.id) ?? 0) < rank[f.severity]);
}
