import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALERT_KINDS, ITEM_LABEL, searchTokens, TABLES, type TableName } from '@nova-corrente/core/contract';
import { ident, lit, type Db } from '../db.js';

/**
 * Makes `g_<name>` for a derived table (contract `derived`) from `g_agg_item` and `g_dim_item`
 * (the build's tables, or views over an outside engine's files in `seal`): one definition for both.
 */
export async function deriveTable(db: Db, name: TableName): Promise<void> {
  if (name === 'agg_risk') return deriveRisk(db);
  if (name === 'search_item') return deriveSearch(db);
  throw new Error(`${name} is not a derived table`);
}

/**
 * `g_agg_item` with the item's label (contract `ITEM_LABEL`, nova-gold/1.4): copies of `g_dim_item`'s
 * columns, joined by item id, in agg_item's order. Run once the aggregates are built, before the
 * gold checks (which see the columns like any other).
 */
export async function labelAggItem(db: Db): Promise<void> {
  const label = new Set<string>(ITEM_LABEL);
  const cols = TABLES.agg_item.columns.map((c) => `${label.has(c.name) ? 'd' : 'a'}.${ident(c.name)}`).join(', ');
  await db.run(
    `CREATE OR REPLACE TABLE g_agg_item AS SELECT ${cols} FROM g_agg_item a LEFT JOIN g_dim_item d USING (item_id) ORDER BY a.item_id, a.site_id`,
  );
}

/** `agg_risk`: the alert kinds' rows of agg_item with the item's name, category, unit cost and criticality. */
async function deriveRisk(db: Db): Promise<void> {
  const fromItem = new Set(['name', 'category', 'unit_cost', 'criticality']);
  const cols = TABLES.agg_risk.columns.map((c) => `${fromItem.has(c.name) ? 'd' : 'a'}.${ident(c.name)}`).join(', ');
  await db.run(
    `CREATE OR REPLACE TEMP TABLE g_agg_risk AS SELECT ${cols} FROM g_agg_item a JOIN g_dim_item d USING (item_id)
     WHERE a.risk IN (${ALERT_KINDS.map(lit).join(', ')}) AND a.risk_rank IS NOT NULL`,
  );
}

/** Milliseconds of tokenizing between two turns of the event loop ({@link deriveSearch}). */
const TOKEN_SLICE_MS = 2;

/**
 * The JSON lines `{token, item_id}` of `items`' search tokens (contract `searchTokens`), computed
 * ~{@link TOKEN_SLICE_MS} ms at a time with a turn of the event loop in between ({@link deriveSearch}).
 */
export async function tokenLines(items: { item_id: string; sku: string | null; name: string | null }[]): Promise<string[]> {
  const lines: string[] = [];
  let slice = performance.now();
  for (const it of items) {
    if (performance.now() - slice > TOKEN_SLICE_MS) {
      await new Promise((r) => setImmediate(r));
      slice = performance.now();
    }
    for (const token of searchTokens(it.item_id, it.sku, it.name)) lines.push(JSON.stringify({ token, item_id: it.item_id }));
  }
  return lines;
}

/**
 * `search_item`: one row per (token, item) with the item's dim_item row. Tokens come from the
 * contract's `searchTokens` (the same fold the SDK applies to a search), computed here in
 * JavaScript and loaded back as JSON lines, then joined with `g_dim_item`. The build runs this
 * beside the fact writer's connections, whose next statements the main thread issues: the items
 * are tokenized ~2 ms at a time, the event loop turning in between, so a connection whose
 * COPY ends meanwhile gets its next one at once (in one go, 5,000 items held both writer
 * connections idle for ~0.1 s; ADR 0006, session 15).
 */
async function deriveSearch(db: Db): Promise<void> {
  const items = await db.all<{ item_id: string; sku: string | null; name: string | null }>(`SELECT item_id, sku, name FROM g_dim_item`);
  const dir = await mkdtemp(join(tmpdir(), 'nova-search-'));
  try {
    const file = join(dir, 'tokens.jsonl');
    const lines = await tokenLines(items);
    await writeFile(file, lines.length ? `${lines.join('\n')}\n` : '');
    const tokens = lines.length
      ? `read_json(${lit(file)}, format = 'newline_delimited', columns = {token: 'VARCHAR', item_id: 'VARCHAR'})`
      : `(SELECT NULL::VARCHAR AS token, NULL::VARCHAR AS item_id WHERE false)`;
    await db.run(`CREATE OR REPLACE TEMP TABLE g_search_item AS SELECT t.token, d.* FROM ${tokens} t JOIN g_dim_item d USING (item_id)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
