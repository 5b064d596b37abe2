/**
 * Documents of a realistic application write schema (an order with its customer, items and address),
 * deterministic for (count, seed), about 1% invalid in ways a real writer gets wrong (unknown status,
 * zero quantity, malformed email, missing field, extra property). Draft-07, the draft every peer
 * supports; formats (uuid, email, date-time) are checked by every validator measured.
 *
 * DOCUMENTS_VERSION names the cached data files and the scan database: bump it when output changes.
 */
export const DOCUMENTS_VERSION = 1;

export const ORDER_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://driftgate.example/bench/order.schema.json",
  title: "order",
  type: "object",
  required: ["id", "tenantId", "number", "status", "customer", "items", "currency", "total", "createdAt"],
  additionalProperties: false,
  properties: {
    id: { type: "string", format: "uuid" },
    tenantId: { type: "string", format: "uuid" },
    number: { type: "integer", minimum: 1 },
    status: { enum: ["draft", "placed", "paid", "shipped", "delivered", "cancelled"] },
    customer: { $ref: "#/definitions/customer" },
    items: { type: "array", minItems: 1, maxItems: 50, items: { $ref: "#/definitions/item" } },
    shippingAddress: { $ref: "#/definitions/address" },
    currency: { type: "string", pattern: "^[A-Z]{3}$" },
    total: { type: "number", minimum: 0 },
    tags: { type: "array", maxItems: 10, uniqueItems: true, items: { type: "string", minLength: 1, maxLength: 32 } },
    notes: { type: ["string", "null"], maxLength: 2000 },
    createdAt: { type: "string", format: "date-time" },
    metadata: { type: "object", maxProperties: 20, additionalProperties: { type: ["string", "number", "boolean"] } },
  },
  definitions: {
    customer: {
      type: "object",
      required: ["id", "name", "email"],
      additionalProperties: false,
      properties: {
        id: { type: "string", format: "uuid" },
        name: { type: "string", minLength: 1, maxLength: 200 },
        email: { type: "string", format: "email", maxLength: 254 },
        phone: { type: "string", pattern: "^\\+?[0-9 ()-]{6,20}$" },
        vip: { type: "boolean" },
      },
    },
    item: {
      type: "object",
      required: ["sku", "quantity", "unitPrice"],
      additionalProperties: false,
      properties: {
        sku: { type: "string", pattern: "^[A-Z]{3}-[0-9]{5}$" },
        name: { type: "string", maxLength: 200 },
        quantity: { type: "integer", minimum: 1, maximum: 1000 },
        unitPrice: { type: "number", minimum: 0 },
        discount: { type: "number", minimum: 0, maximum: 1 },
      },
    },
    address: {
      type: "object",
      required: ["line1", "city", "country"],
      additionalProperties: false,
      properties: {
        line1: { type: "string", minLength: 1, maxLength: 200 },
        line2: { type: "string", maxLength: 200 },
        city: { type: "string", minLength: 1, maxLength: 100 },
        postalCode: { type: "string", maxLength: 16 },
        country: { type: "string", pattern: "^[A-Z]{2}$" },
      },
    },
  },
};

const FIRST = ["Ada", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Dennis", "Frances", "Edsger", "Radia", "Tim", "Sophie"];
const LAST = ["Lovelace", "Hopper", "Torvalds", "Liskov", "Thompson", "Hamilton", "Ritchie", "Allen", "Dijkstra", "Perlman"];
const CITIES = ["Lisbon", "Berlin", "Oslo", "Lyon", "Porto", "Utrecht", "Gent", "Turku", "Bologna", "Graz"];
const COUNTRIES = ["PT", "DE", "NO", "FR", "NL", "BE", "FI", "IT", "AT"];
const WORDS = ["priority", "gift", "b2b", "repeat", "promo", "fragile", "express", "wholesale", "trial", "export"];
const STATUSES = ["draft", "placed", "paid", "shipped", "delivered", "cancelled"];

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(random) {
  const hex = [];
  for (let i = 0; i < 32; i++) hex.push(Math.floor(random() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(random() * 4)];
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const pick = (random, list) => list[Math.floor(random() * list.length)];

function order(random, n, tenants) {
  const first = pick(random, FIRST);
  const last = pick(random, LAST);
  const items = Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
    const item = {
      sku: `${pick(random, ["ABC", "XYZ", "KLM", "QRS"])}-${String(Math.floor(random() * 100000)).padStart(5, "0")}`,
      name: `${pick(random, WORDS)} ${pick(random, ["widget", "gadget", "service", "licence", "bundle"])}`,
      quantity: 1 + Math.floor(random() * 20),
      unitPrice: Math.round(random() * 50000) / 100,
    };
    if (random() < 0.3) item.discount = Math.round(random() * 50) / 100;
    return item;
  });
  const doc = {
    id: uuid(random),
    tenantId: pick(random, tenants),
    number: n + 1,
    status: pick(random, STATUSES),
    customer: {
      id: uuid(random),
      name: `${first} ${last}`,
      email: `${first.toLowerCase()}.${last.toLowerCase()}${n % 1000}@example.com`,
    },
    items,
    currency: pick(random, ["EUR", "USD", "GBP", "NOK"]),
    total: Math.round(items.reduce((s, i) => s + i.quantity * i.unitPrice * (1 - (i.discount ?? 0)), 0) * 100) / 100,
    createdAt: new Date(Date.UTC(2024, 0, 1) + n * 61_000).toISOString(),
  };
  if (random() < 0.5) doc.customer.phone = `+351 ${String(Math.floor(random() * 1e9)).padStart(9, "0")}`;
  if (random() < 0.1) doc.customer.vip = true;
  if (random() < 0.8) {
    doc.shippingAddress = { line1: `${1 + Math.floor(random() * 300)} ${pick(random, LAST)} Street`, city: pick(random, CITIES), country: pick(random, COUNTRIES) };
    if (random() < 0.6) doc.shippingAddress.postalCode = String(Math.floor(random() * 100000)).padStart(5, "0");
  }
  if (random() < 0.6) doc.tags = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, WORDS)))];
  if (random() < 0.3) doc.notes = random() < 0.2 ? null : `please ${pick(random, WORDS)} handling`;
  if (random() < 0.4) doc.metadata = { channel: pick(random, ["web", "app", "api"]), campaign: pick(random, WORDS), score: Math.round(random() * 100) };
  return doc;
}

/** Breaks a document the way real writers do; every variant is rejected by the schema. */
function breakDocument(random, doc) {
  switch (Math.floor(random() * 5)) {
    case 0:
      doc.status = "refunded";
      break;
    case 1:
      doc.items[0].quantity = 0;
      break;
    case 2:
      doc.customer.email = "not-an-email";
      break;
    case 3:
      delete doc.currency;
      break;
    default:
      doc.legacyFlag = true;
  }
}

/** Yields `count` documents as JSON text, deterministically. Invalid ones: every document where (seeded) chance < 1%. */
export function* documentTexts(count, seed = 42) {
  const random = rng(seed);
  const tenants = Array.from({ length: 50 }, () => uuid(random));
  for (let n = 0; n < count; n++) {
    const doc = order(random, n, tenants);
    if (random() < 0.01) breakDocument(random, doc);
    yield JSON.stringify(doc);
  }
}
