import type { RuleDefinition as EngineRule } from "../../../diff/rule-definition.js";
import type { SnapshotContent } from "../model/snapshot.js";
import type { RuleContext } from "./rule-context.js";

export type { FindingDraft } from "../../../diff/rule-definition.js";

/** The parts of a PostgreSQL snapshot a rule may read. */
export type SnapshotSection = keyof SnapshotContent;

/** A PostgreSQL rule: the engine's definition, reading PostgreSQL's paired snapshots. */
export type RuleDefinition = EngineRule<RuleContext, SnapshotSection>;
