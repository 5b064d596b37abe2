import type { Column, Domain, EnumType, SnapshotContent } from "../model/snapshot.js";
import { fillsOmitted, givesValue } from "../model/column-default.js";
import type { SchemaNode, SchemaObject } from "../../../schemas/schema-node.js";
import type { FitRuleId } from "../../../model/finding-kinds.js";

/**
 * What one column accepts from a JSON document, as JSON Schema where JSON Schema can say it, plus what it
 * cannot say (a domain CHECK, a type driftgate does not model) as risks that must be reported.
 *
 * The model of a write: each top-level property becomes the column of the same name; strings go to
 * text-like, enum, uuid and date/time columns, numbers to numeric ones, booleans to boolean, arrays to
 * PostgreSQL arrays, and any JSON value to json/jsonb. A string that PostgreSQL could cast to a number is
 * still judged as a string: the schema does not promise that cast.
 */
export interface ColumnShape {
  readonly column: Column;
  /** Values the column takes, null included when the column (and its domain) allows NULL. */
  readonly accepts: SchemaNode;
  /** NOT NULL without a default (nor identity or generation): an INSERT that leaves it out fails. */
  readonly required: boolean;
  /** false for generated columns and GENERATED ALWAYS identities: an INSERT may not name them. */
  readonly writable: boolean;
  /** What may reject a value but cannot be judged from the shape (domain CHECKs, unmodelled types). */
  readonly risks: readonly ColumnRisk[];
  /** Silent changes that do not reject the write (numeric rounding). */
  readonly notes: readonly string[];
  /** The type as the report shows it, e.g. "character varying(200)" or "app_status (enum)". */
  readonly typeLabel: string;
  /** true when the value range is set by numeric(p,s) precision, for rule naming. */
  readonly numericPrecision: boolean;
}

export interface ColumnRisk {
  readonly rule: Extract<FitRuleId, "fit-domain-check" | "fit-type-unmodelled">;
  readonly message: string;
  readonly why: string;
}

const INT_RANGES: Record<string, readonly [number, number]> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  bigint: [-9223372036854775808, 9223372036854775807],
};

const FLOAT4_MAX = 3.4028234663852886e38;

interface BaseShape {
  node: SchemaObject | boolean;
  risks: ColumnRisk[];
  notes: string[];
  numericPrecision: boolean;
  /** Domain NOT NULL: NULL is rejected even in a nullable column. */
  notNull: boolean;
  /** Domain default: the column is not required when the domain supplies a value. */
  hasDefault: boolean;
}

function shape(node: SchemaObject | boolean, extra: Partial<BaseShape> = {}): BaseShape {
  return { node, risks: [], notes: [], numericPrecision: false, notNull: false, hasDefault: false, ...extra };
}

function splitQualified(ref: string): [string, string] {
  const match = /^("(?:[^"]|"")+"|[^.]+)\.(.+)$/.exec(ref);
  if (!match) return ["public", ref];
  const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replaceAll('""', '"') : s);
  return [unquote(match[1]!), unquote(match[2]!)];
}

function findEnum(content: SnapshotContent, ref: string): EnumType | undefined {
  const [schema, name] = splitQualified(ref);
  return content.enums.find((e) => e.schema === schema && e.name === name);
}

function findDomain(content: SnapshotContent, ref: string): Domain | undefined {
  const [schema, name] = splitQualified(ref);
  return content.domains.find((d) => d.schema === schema && d.name === name);
}

/** The element type of an array type text: "character varying(5)[]" -> "character varying(5)". */
function stripArray(type: string): { element: string; dims: number } {
  let element = type;
  let dims = 0;
  while (element.endsWith("[]")) {
    element = element.slice(0, -2);
    dims++;
  }
  return { element, dims };
}

/** Looks a type name up among enums and domains, whatever search_path made format_type() print. */
function userType(content: SnapshotContent, name: string): { enumType?: EnumType; domain?: Domain } {
  const qualified = name.includes(".") ? [findEnum(content, name), findDomain(content, name)] : [
    content.enums.find((e) => e.name === name && e.schema === "public") ?? content.enums.find((e) => e.name === name),
    content.domains.find((d) => d.name === name && d.schema === "public") ?? content.domains.find((d) => d.name === name),
  ];
  const result: { enumType?: EnumType; domain?: Domain } = {};
  if (qualified[0]) result.enumType = qualified[0] as EnumType;
  if (qualified[1]) result.domain = qualified[1] as Domain;
  return result;
}

function baseShape(content: SnapshotContent, type: string, depth: number): BaseShape {
  const { element, dims } = stripArray(type);
  if (dims > 0) {
    const inner = baseShape(content, element, depth + 1);
    // Array elements may be NULL unless a domain over the element says otherwise.
    const item: SchemaNode = inner.notNull ? inner.node : nullable(inner.node);
    return { ...inner, node: { type: ["array"], items: item }, notNull: false, hasDefault: false };
  }
  const t = element.trim();
  const lower = t.toLowerCase();
  if (INT_RANGES[lower]) {
    const [min, max] = INT_RANGES[lower]!;
    return shape({ type: ["integer"], minimum: min, maximum: max });
  }
  let m = /^numeric\((\d+)(?:,(-?\d+))?\)$/.exec(lower);
  if (m) {
    const precision = Number(m[1]);
    const scale = Number(m[2] ?? 0);
    // PostgreSQL rounds to the scale first, then rejects what no longer fits the precision.
    const limit = 10 ** (precision - scale) - 0.5 * 10 ** -scale;
    const s = shape({ type: ["number"], exclusiveMinimum: -limit, exclusiveMaximum: limit }, { numericPrecision: true });
    s.notes.push(`values are rounded to ${scale} decimal place${scale === 1 ? "" : "s"} (numeric(${precision},${scale}))`);
    return s;
  }
  if (lower === "numeric") return shape({ type: ["number"] });
  if (lower === "real") return shape({ type: ["number"], minimum: -FLOAT4_MAX, maximum: FLOAT4_MAX });
  if (lower === "double precision") return shape({ type: ["number"] });
  if (lower === "boolean") return shape({ type: ["boolean"] });
  if (lower === "text" || lower === "citext" || lower === "name" || lower === "character varying" || lower === "bpchar") return shape({ type: ["string"] });
  m = /^(?:character varying|character|bpchar)\((\d+)\)$/.exec(lower);
  if (m) return shape({ type: ["string"], maxLength: Number(m[1]) });
  if (lower === "character") return shape({ type: ["string"], maxLength: 1 });
  if (lower === "uuid") return shape({ type: ["string"], format: "uuid" });
  if (/^timestamp(\(\d\))? with(out)? time zone$/.test(lower)) {
    // PostgreSQL also takes a bare date for a timestamp; a schema saying `format: date` fits.
    return shape({ type: ["string"], anyOf: [{ format: "date-time" }, { format: "date" }] });
  }
  if (lower === "date") return shape({ type: ["string"], format: "date" });
  if (/^time(\(\d\))? with(out)? time zone$/.test(lower)) return shape({ type: ["string"], anyOf: [{ format: "time" }, { format: "iso-time" }] });
  if (lower === "json" || lower === "jsonb") return shape(true);
  if (depth < 8) {
    const found = userType(content, t);
    if (found.enumType) return shape({ type: ["string"], enum: [...found.enumType.labels] });
    if (found.domain) {
      const base = baseShape(content, found.domain.baseType, depth + 1);
      const risks = [...base.risks];
      for (const check of found.domain.checks) {
        risks.push({
          rule: "fit-domain-check",
          message: `domain ${found.domain.schema}.${found.domain.name} has ${check.definition}`,
          why: "a CHECK expression can reject values the schema allows; driftgate cannot prove either way",
        });
      }
      return { ...base, risks, notNull: base.notNull || found.domain.notNull, hasDefault: found.domain.default !== null ? givesValue(found.domain.default) : base.hasDefault };
    }
  }
  const s = shape({ type: ["string"] });
  s.risks.push({
    rule: "fit-type-unmodelled",
    message: `type ${t} is not modelled by fit`,
    why: "driftgate does not know which JSON values this type's input function accepts",
  });
  return s;
}

function nullable(node: SchemaObject | boolean): SchemaNode {
  if (node === true) return true;
  if (node === false) return { type: ["null"] };
  return { anyOf: [node, { type: ["null"] }] };
}

export function columnShape(content: SnapshotContent, column: Column): ColumnShape {
  // typeRef names the element type exactly; format_type() text may leave the schema out.
  const byRef = column.typeRef !== null && (column.typeKind === "enum" || column.typeKind === "domain");
  const base = baseShape(content, byRef ? column.typeRef + "[]".repeat(stripArray(column.type).dims) : column.type, 0);
  const rejectsNull = column.notNull || base.notNull;
  const writable = column.generated === null && column.identity !== "always";
  // Any column default, even a NULL one, overrides the domain's; a NULL default gives omitted writes no value.
  const hasDefault = fillsOmitted(column) || (column.default === null && base.hasDefault);
  let accepts: SchemaNode = base.node;
  if (rejectsNull && base.node === true) accepts = { not: { type: ["null"] } };
  else if (!rejectsNull) accepts = nullable(base.node);
  const kindLabel = column.typeKind === "enum" || column.typeKind === "domain" ? ` (${column.typeKind})` : "";
  return {
    column,
    accepts: writable ? accepts : false,
    required: writable && rejectsNull && !hasDefault,
    writable,
    risks: base.risks,
    notes: base.notes,
    typeLabel: `${column.type}${kindLabel}`,
    numericPrecision: base.numericPrecision,
  };
}
