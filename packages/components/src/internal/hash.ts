import { isIsoDate } from './dates.js';
import { RISK_TABLE_KINDS } from './risk-kinds.js';
import type { RiskTableKind } from './risk-kinds.js';

/** The view state kept in the URL hash. */
export interface DashboardState {
  item?: string;
  start?: string;
  end?: string;
  kind?: RiskTableKind;
  source?: string;
  /** Site filter; absent = all sites. */
  site?: string;
}

/** Reads a dashboard state from a hash like `#item=X&start=…&end=…&kind=…` (unknown keys ignored). */
export function parseHash(hash: string): DashboardState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const out: DashboardState = {};
  const item = p.get('item');
  if (item) out.item = item;
  const start = p.get('start');
  if (start && isIsoDate(start)) out.start = start;
  const end = p.get('end');
  if (end && isIsoDate(end)) out.end = end;
  const kind = p.get('kind');
  if (kind && (RISK_TABLE_KINDS as readonly string[]).includes(kind)) out.kind = kind as RiskTableKind;
  const source = p.get('source');
  if (source) out.source = source;
  const site = p.get('site');
  if (site) out.site = site;
  return out;
}

/** Writes a dashboard state as a hash (without `#`). */
export function formatHash(s: DashboardState): string {
  const p = new URLSearchParams();
  for (const k of ['item', 'start', 'end', 'kind', 'source', 'site'] as const) if (s[k]) p.set(k, s[k] as string);
  return p.toString();
}

