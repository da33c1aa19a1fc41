import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { DemoItem } from './catalog.js';
import type { DemoSite } from './series.js';

/** Portuguese ERP headers of `items.csv`, in file order. */
export const ITEM_HEADERS = ['codigo', 'sku', 'descricao', 'familia', 'unidade', 'custo_unitario', 'moeda', 'prazo_entrega_dias', 'lote_minimo', 'criticidade'] as const;

/** Raw header → canonical column, as written to `nova.config.json`. */
export const DEMO_MAPPING = {
  items: {
    codigo: 'item_id', sku: 'sku', descricao: 'name', familia: 'category', unidade: 'unit', custo_unitario: 'unit_cost',
    moeda: 'currency', prazo_entrega_dias: 'lead_time_days', lote_minimo: 'min_order_qty', criticidade: 'criticality',
  },
  consumption: { data: 'date', codigo: 'item_id', deposito: 'site_id', quantidade: 'quantity' },
};

/** Formats a number the Brazilian way: `1.234,50` (thousands dot, decimal comma). */
export function formatBr(v: number, decimals: number): string {
  const [int, frac] = v.toFixed(decimals).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return frac ? `${grouped},${frac}` : grouped;
}

/** Quotes a CSV field when it holds the delimiter, a quote or a line break. */
export function csvField(v: string, delimiter: string): string {
  return v.includes(delimiter) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** `items.csv` text: `;`-delimited, decimal comma, CRLF line ends, as an ERP export opened in Excel. */
export function itemsCsv(items: DemoItem[]): string {
  const lines = [ITEM_HEADERS.join(';')];
  for (const it of items) {
    const row = [
      it.item_id, it.sku, it.name, it.family, it.unit, formatBr(it.unit_cost, 2), it.currency,
      String(it.lead_time_days), String(it.min_order_qty), it.criticality,
    ];
    lines.push(row.map((v) => csvField(v, ';')).join(';'));
  }
  return lines.join('\r\n') + '\r\n';
}

/** Writes `items.csv` in Windows-1252; throws if a name has a character that encoding lacks. */
export async function writeItems(out: string, items: DemoItem[]): Promise<void> {
  const text = itemsCsv(items);
  const bytes = iconv.encode(text, 'win1252');
  if (iconv.decode(bytes, 'win1252') !== text) throw new Error('demo catalog has characters outside Windows-1252');
  await writeFile(join(out, 'items.csv'), bytes);
}

/** Writes `sites.csv` (UTF-8, `,`). */
export async function writeSites(out: string, sites: DemoSite[]): Promise<void> {
  const lines = ['site_id,name,state,region', ...sites.map((s) => [s.site_id, s.name, s.state, s.region].map((v) => csvField(v, ',')).join(','))];
  await writeFile(join(out, 'sites.csv'), lines.join('\n') + '\n', 'utf8');
}

/** Forecast metadata carried by a sidecar or by columns. */
export interface ForecastMeta {
  source: string;
  model_version: string;
  generated_at: string;
  dataset_id: string;
}

/** Writes `forecasts/<name>.meta.json`. */
export async function writeSidecar(out: string, name: string, meta: ForecastMeta): Promise<string> {
  await mkdir(join(out, 'forecasts'), { recursive: true });
  const rel = `forecasts/${name}.meta.json`;
  await writeFile(join(out, rel), JSON.stringify(meta, null, 2) + '\n', 'utf8');
  return rel;
}

/** Writes `nova.config.json` with the Portuguese header mapping. */
export async function writeConfig(out: string): Promise<void> {
  await writeFile(join(out, 'nova.config.json'), JSON.stringify({ mapping: DEMO_MAPPING }, null, 2) + '\n', 'utf8');
}
