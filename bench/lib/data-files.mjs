import { createWriteStream, existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import { DOCUMENTS_VERSION, ORDER_SCHEMA, documentTexts } from "./documents.mjs";

/** The schema file every validator reads (rewritten each run: it is tiny and must match the code). */
export async function ensureSchemaFile(dataDir) {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, "order.schema.json");
  await writeFile(file, `${JSON.stringify(ORDER_SCHEMA, null, 2)}\n`);
  return file;
}

/** NDJSON of `count` generated documents, cached by (version, seed, count); written to a temp file, then renamed. */
export async function ensureDocumentsFile(dataDir, count, seed, log) {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, `orders-v${DOCUMENTS_VERSION}-s${seed}-n${count}.ndjson`);
  if (existsSync(file)) return file;
  log(`writing ${count} documents to ${path.relative(process.cwd(), file)} ...`);
  const tmp = `${file}.tmp`;
  const stream = createWriteStream(tmp);
  let buffer = "";
  for (const text of documentTexts(count, seed)) {
    buffer += `${text}\n`;
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await once(stream, "drain");
      buffer = "";
    }
  }
  stream.end(buffer);
  await once(stream, "finish");
  await rename(tmp, file);
  return file;
}
