import { arrayFamily } from "./array-family.js";
import { compositionFamily } from "./composition-family.js";
import type { KeywordFamily } from "./keyword-family.js";
import { numericFamily } from "./numeric-family.js";
import { objectFamily } from "./object-family.js";
import { stringFamily } from "./string-family.js";
import { typeFamily } from "./type-family.js";
import { unevaluatedFamily } from "./unevaluated-family.js";

/**
 * Every keyword family the proof knows, in the order their reasons are reported: composition first (its
 * reasons are about the whole node), then types, then the keywords of each type. A right-hand keyword no
 * family lists would be silently ignored, a false "compatible": test/unit/schemas/subset-families.test.ts
 * checks every normalised keyword has a family.
 */
export const KEYWORD_FAMILIES: readonly KeywordFamily[] = [compositionFamily, typeFamily, numericFamily, stringFamily, arrayFamily, objectFamily, unevaluatedFamily];
