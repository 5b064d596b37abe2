import type { ErrorObject } from "ajv";

/**
 * One reason a document was rejected. The CLI prints these and the write guard returns and throws the very
 * same objects, so a schema author and an application see identical failures.
 */
export interface DocumentError {
  /**
   * JSON Pointer to the offending value. Unlike ajv's instancePath it names the property itself for a
   * missing required property or a property that is not allowed ("/name", not "").
   */
  readonly instancePath: string;
  /** The schema keyword that failed ("required", "maxLength", ...); "json" when the text was not JSON. */
  readonly keyword: string;
  /** A readable sentence, e.g. "must have required property 'name'". */
  readonly message: string;
  /** JSON Pointer into the schema (ajv's schemaPath), "" for a JSON syntax error. */
  readonly schemaPath: string;
  /** The keyword's parameters as ajv reports them (limit, missingProperty, allowedValues, ...). */
  readonly params: Readonly<Record<string, unknown>>;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function toDocumentErrors(errors: readonly ErrorObject[] | null | undefined): DocumentError[] {
  if (!errors || errors.length === 0) {
    // ajv always explains a rejection; an empty list would read as "valid", so say something true instead.
    return [{ instancePath: "", keyword: "false", message: "the schema accepts no document", schemaPath: "", params: {} }];
  }
  return errors.map(toDocumentError);
}

function toDocumentError(error: ErrorObject): DocumentError {
  const params = error.params as Record<string, unknown>;
  let instancePath = error.instancePath;
  let message = error.message ?? `must pass "${error.keyword}"`;
  switch (error.keyword) {
    case "required":
    case "dependentRequired":
    case "dependencies":
      if (typeof params["missingProperty"] === "string") instancePath += `/${escapePointer(params["missingProperty"])}`;
      break;
    case "additionalProperties":
    case "unevaluatedProperties": {
      const extra = params["additionalProperty"] ?? params["unevaluatedProperty"];
      if (typeof extra === "string") {
        instancePath += `/${escapePointer(extra)}`;
        message = "is not allowed here (no such property in the schema)";
      }
      break;
    }
    case "enum":
      if (Array.isArray(params["allowedValues"])) message = `must be one of ${(params["allowedValues"] as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
      break;
    case "const":
      message = `must be ${JSON.stringify(params["allowedValue"])}`;
      break;
  }
  return { instancePath, keyword: error.keyword, message, schemaPath: error.schemaPath, params };
}

/** A document whose text is not JSON: reported like any other invalid document. */
export function syntaxError(error: unknown): DocumentError {
  const detail = error instanceof Error ? error.message : String(error);
  return { instancePath: "", keyword: "json", message: `not valid JSON: ${detail}`, schemaPath: "", params: {} };
}

/** "/name maxLength: must NOT have more than 3 characters"; the document root prints as "/". */
export function formatDocumentError(error: DocumentError): string {
  return `${error.instancePath === "" ? "/" : error.instancePath} ${error.keyword}: ${error.message}`;
}
