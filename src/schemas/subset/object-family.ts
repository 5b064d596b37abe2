import { evaluate } from "../evaluate-node.js";
import type { SchemaNode } from "../schema-node.js";
import { propertyOf } from "./conjunction.js";
import type { KeywordFamily } from "./keyword-family.js";
import { pointer, show, type SubsetReason } from "./subset-reason.js";

/**
 * Objects: `required`, each named property (recursing), pattern and additional properties, property counts,
 * `dependentRequired`/`dependentSchemas` and `propertyNames`. Counts are never shown by example (building
 * objects to show them is not worth it), so those reasons are always uncertain.
 */
export const objectFamily: KeywordFamily = {
  name: "object properties/required/additional/propertyNames/dependent*",
  keywords: ["required", "properties", "patternProperties", "additionalProperties", "minProperties", "maxProperties", "dependentRequired", "dependentSchemas", "propertyNames"],
  types: ["object"],
  check(ctx, { conj, right, path }) {
    const reasons: SubsetReason[] = [];
    const required = new Set(conj.flatMap((c) => c.required ?? []));
    for (const name of right.required ?? []) {
      if (required.has(name)) continue;
      reasons.push({ path: `${path}/${pointer(name)}`, keyword: "required", values: `objects without ${show(name)}`, left: "optional", right: "required", certain: true });
    }
    const names = new Set<string>([...Object.keys(right.properties ?? {}), ...conj.flatMap((c) => Object.keys(c.properties ?? {}))]);
    for (const name of [...names].sort()) {
      const left = ctx.allOfNode(conj.map((c) => propertyOf(c, name)));
      if (left === false) continue;
      const rightSchema = propertyOf(right, name);
      const where = `${path}/${pointer(name)}`;
      if (rightSchema === false) {
        reasons.push({ path: where, keyword: right.properties?.[name] === false ? "properties" : "additionalProperties", values: `objects with property ${show(name)}`, certain: true });
        continue;
      }
      reasons.push(...ctx.check(left, rightSchema, where));
    }
    // Property names neither side lists: compare what each side allows for them.
    const rightPatterns = Object.keys(right.patternProperties ?? {});
    const leftPatterns = [...new Set(conj.flatMap((c) => Object.keys(c.patternProperties ?? {})))];
    for (const pattern of rightPatterns) {
      const left = ctx.allOfNode(conj.map((c) => c.patternProperties?.[pattern] ?? (Object.keys(c.patternProperties ?? {}).length === 0 ? c.additionalProperties ?? true : true)));
      reasons.push(...ctx.check(left, right.patternProperties![pattern]!, `${path}/{${pattern}}`));
    }
    const rightOther = right.additionalProperties ?? true;
    if (rightOther !== true) {
      for (const pattern of leftPatterns) {
        if (rightPatterns.includes(pattern)) continue;
        const left = ctx.allOfNode(conj.map((c) => c.patternProperties?.[pattern] ?? true));
        const found = ctx.check(left, rightOther, `${path}/{${pattern}}`);
        reasons.push(...found.map((r) => (rightOther === false ? { ...r, keyword: "additionalProperties", values: `objects with properties matching ${show(pattern)}` } : r)));
      }
      const leftOther = ctx.allOfNode(conj.map((c) => c.additionalProperties ?? true));
      if (leftOther !== false) {
        if (rightOther === false) {
          const listed = [...names].sort();
          reasons.push({
            path: `${path}/*`,
            keyword: "additionalProperties",
            values: listed.length > 0 ? `objects with properties other than ${listed.map(show).join(", ")}` : "objects with any property",
            certain: true,
          });
        } else reasons.push(...ctx.check(leftOther, rightOther, `${path}/*`));
      }
    }
    const minProperties = Math.max(required.size, ...conj.map((c) => c.minProperties ?? 0));
    const closed = conj.filter((c) => c.additionalProperties === false && !c.patternProperties);
    const maxProperties = Math.min(Infinity, ...conj.map((c) => c.maxProperties ?? Infinity), ...closed.map((c) => Object.keys(c.properties ?? {}).length));
    if (right.minProperties !== undefined && minProperties < right.minProperties) {
      reasons.push({ path, keyword: "minProperties", values: `objects with fewer than ${right.minProperties} properties`, left: `minProperties ${minProperties}`, right: `minProperties ${right.minProperties}`, certain: false, why: "the left side allows fewer properties; driftgate does not build objects to show it" });
    }
    if (right.maxProperties !== undefined && maxProperties > right.maxProperties) {
      reasons.push({ path, keyword: "maxProperties", values: `objects with more than ${right.maxProperties} properties`, left: Number.isFinite(maxProperties) ? `maxProperties ${maxProperties}` : "no maxProperties", right: `maxProperties ${right.maxProperties}`, certain: false, why: "the left side allows more properties; driftgate does not build objects to show it" });
    }
    for (const [name, deps] of Object.entries(right.dependentRequired ?? {})) {
      if (ctx.allOfNode(conj.map((c) => propertyOf(c, name))) === false) continue;
      const covered = new Set([...required, ...conj.flatMap((c) => c.dependentRequired?.[name] ?? [])]);
      const missing = deps.filter((d) => !covered.has(d));
      if (missing.length > 0) {
        reasons.push({ path: `${path}/${pointer(name)}`, keyword: "dependentRequired", values: `objects with ${show(name)} but without ${missing.map(show).join(", ")}`, certain: true });
      }
    }
    for (const [name, schema] of Object.entries(right.dependentSchemas ?? {})) {
      if (ctx.allOfNode(conj.map((c) => propertyOf(c, name))) === false) continue;
      const own = conj.map((c) => c.dependentSchemas?.[name]).filter((s): s is SchemaNode => s !== undefined);
      const left = ctx.allOfNode([...conj, ...own]);
      const found = ctx.check(left, schema, path);
      if (found.length > 0) reasons.push(...found.map((r) => ({ ...r, values: `${r.values} (when ${show(name)} is present)` })));
    }
    if (right.propertyNames !== undefined) {
      const own = conj.filter((c) => c.propertyNames !== undefined);
      if (own.length > 0) reasons.push(...ctx.check(ctx.allOfNode(own.map((c) => c.propertyNames!)), right.propertyNames, `${path}/{propertyNames}`));
      else if (closed.length > 0) {
        for (const name of Object.keys(closed[0]!.properties ?? {})) {
          if (evaluate(right.propertyNames, name) !== true) reasons.push({ path: `${path}/${pointer(name)}`, keyword: "propertyNames", values: `objects with property ${show(name)}`, certain: evaluate(right.propertyNames, name) === false });
        }
      } else {
        reasons.push({ path, keyword: "propertyNames", values: "objects with property names the right side rejects", certain: false, why: "the left side does not limit property names" });
      }
    }
    return reasons;
  },
};
