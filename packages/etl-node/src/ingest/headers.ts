import type { InputKind, NovaConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { ML_METADATA_FIELDS } from '@nova-corrente/core/contract';

/** Canonical columns per input kind, in relation order. */
export const CANONICAL: Record<InputKind, readonly string[]> = {
  items: ['item_id', 'sku', 'name', 'category', 'unit', 'unit_cost', 'currency', 'lead_time_days', 'min_order_qty', 'criticality'],
  sites: ['site_id', 'name', 'state', 'region'],
  consumption: ['date', 'item_id', 'site_id', 'quantity'],
  inventory: ['date', 'item_id', 'site_id', 'on_hand', 'on_order'],
  forecasts: ['item_id', 'site_id', 'date', 'forecast', 'forecast_lo', 'forecast_hi', ...ML_METADATA_FIELDS],
};

/** Columns without which no row of the kind means anything: absent → every row rejected (`missing_column`). */
export const REQUIRED: Record<InputKind, readonly string[]> = {
  items: ['item_id'],
  sites: ['site_id'],
  consumption: ['date', 'item_id', 'quantity'],
  inventory: ['date', 'item_id', 'on_hand'],
  forecasts: ['item_id', 'date', 'forecast'],
};

/** Forecast metadata columns every forecast row must carry (from a column or the sidecar). */
export const METADATA = ML_METADATA_FIELDS;

/** Columns holding numbers (decimal-separator evidence) and dates (day/month order evidence). */
export const NUMERIC_COLUMNS = new Set(['unit_cost', 'lead_time_days', 'min_order_qty', 'quantity', 'on_hand', 'on_order', 'forecast', 'forecast_lo', 'forecast_hi']);
export const DATE_COLUMNS = new Set(['date']);

/** Header normal form: accents stripped, lower case, only letters and digits ("Cód. Item" → "coditem"). */
export function normalizeHeader(header: string): string {
  return header.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

function table(entries: Record<string, string[]>): Map<string, string> {
  const m = new Map<string, string>();
  for (const [canonical, aliases] of Object.entries(entries)) {
    for (const a of [canonical, ...aliases]) m.set(normalizeHeader(a), canonical);
  }
  return m;
}

/** Built-in Portuguese / ERP / English aliases, shared by every kind. */
const COMMON = table({
  item_id: ['codigo', 'cod_item', 'codigo_item', 'cod', 'material', 'cod_material', 'item', 'produto', 'cod_produto'],
  sku: ['sku', 'part_number', 'pn'],
  name: ['descricao', 'nome', 'description', 'desc'],
  category: ['familia', 'grupo', 'categoria'],
  unit: ['unidade', 'um', 'uom', 'unid'],
  unit_cost: ['custo_unitario', 'custo', 'preco', 'preco_unitario', 'cost', 'price'],
  currency: ['moeda'],
  lead_time_days: ['prazo_entrega', 'lead_time', 'prazo', 'leadtime_dias'],
  min_order_qty: ['lote_minimo', 'moq', 'qtd_minima'],
  criticality: ['criticidade', 'curva', 'classe', 'abc'],
  date: ['data', 'dt', 'data_movimento', 'data_saldo'],
  site_id: ['deposito', 'filial', 'almoxarifado', 'site', 'cod_site', 'warehouse'],
  quantity: ['quantidade', 'qtd', 'qtde', 'qty', 'consumo'],
  on_hand: ['saldo', 'estoque', 'saldo_atual', 'stock'],
  on_order: ['pedido', 'em_pedido', 'pedidos'],
  state: ['uf', 'estado'],
  region: ['regiao'],
  forecast: ['previsao'],
  forecast_lo: ['previsao_min', 'lower', 'lo'],
  forecast_hi: ['previsao_max', 'upper', 'hi'],
  source: ['fonte', 'modelo'],
  model_version: ['versao_modelo', 'versao'],
  generated_at: ['gerado_em', 'data_geracao'],
  dataset_id: ['dataset', 'id_dataset'],
});

/** Per-kind overrides where a Portuguese word means something else. */
const BY_KIND: Partial<Record<InputKind, Map<string, string>>> = {
  sites: table({ site_id: ['codigo', 'cod', 'id'] }),
  inventory: table({ on_hand: ['quantidade', 'qtd', 'qtde', 'quantity'] }),
};

/** Result of mapping a file's header row onto canonical columns. */
export interface HeaderMapping {
  /** canonical column → index of the raw column feeding it. */
  index: Map<string, number>;
  /** Raw headers that map to nothing of this kind (ignored, reported as a warning). */
  unknown: string[];
  /** Raw headers ignored because an earlier column already fed the same canonical column. */
  duplicate: string[];
}

/** Resolves one raw header: `config.mapping[kind]` first, then per-kind and common aliases; null if unknown. */
export function resolveHeader(kind: InputKind, header: string, config: NovaConfig): string | null {
  const n = normalizeHeader(header);
  const mapping = config.mapping[kind] ?? {};
  for (const [raw, canonical] of Object.entries(mapping)) {
    if (normalizeHeader(raw) !== n) continue;
    if (!CANONICAL[kind].includes(canonical)) {
      throw new UsageError(`config mapping.${kind}: "${raw}" → "${canonical}" is not a ${kind} column (one of ${CANONICAL[kind].join(', ')})`);
    }
    return canonical;
  }
  const hit = BY_KIND[kind]?.get(n) ?? COMMON.get(n);
  return hit !== undefined && CANONICAL[kind].includes(hit) ? hit : null;
}

/**
 * Maps raw headers to canonical columns of `kind`. `skip` lists raw column indexes already used
 * (e.g. Prophet's `ds`); they are neither mapped nor reported.
 */
export function mapHeaders(kind: InputKind, headers: string[], config: NovaConfig, skip: ReadonlySet<number> = new Set()): HeaderMapping {
  const index = new Map<string, number>();
  const unknown: string[] = [];
  const duplicate: string[] = [];
  headers.forEach((h, i) => {
    if (skip.has(i)) return;
    if (h.trim() === '') return;
    const c = resolveHeader(kind, h, config);
    if (c === null) unknown.push(h);
    else if (index.has(c)) duplicate.push(h);
    else index.set(c, i);
  });
  return { index, unknown, duplicate };
}

/** Warnings for ignored columns, or none. */
export function mappingWarnings(kind: InputKind, m: HeaderMapping): string[] {
  const w: string[] = [];
  if (m.unknown.length) w.push(`unknown column(s) ignored: ${m.unknown.map((h) => JSON.stringify(h)).join(', ')}`);
  if (m.duplicate.length) w.push(`column(s) ignored because another column already maps to the same ${kind} field: ${m.duplicate.map((h) => JSON.stringify(h)).join(', ')}`);
  return w;
}
