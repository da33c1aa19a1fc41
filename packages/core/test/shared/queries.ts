// Typed queries against demo gold, every number compared with @duckdb/node-api's answer.
import type { Manifest } from '../../src/contract/index.js';
import type { NovaClient } from '../../src/types.js';
import { eq, ok, rejects, same } from './assert.js';
import type { Define, TestEnv } from './env.js';

interface Ctx {
  nova: NovaClient;
  ids: string[];
  manifest: Manifest;
}

export function queryTests(def: Define, getEnv: () => TestEnv, label: string): void {
  let ctx: Promise<Ctx> | undefined;
  const setup = () =>
    (ctx ??= (async () => {
      const env = getEnv();
      const [nova, ids, manifest] = await Promise.all([
        env.createClient({ url: env.goldUrl }),
        env.ref<string[]>('sampleItems'),
        env.ref<Manifest>('manifest'),
      ]);
      return { nova, ids, manifest };
    })());
  const last30 = (m: Manifest) => {
    const end = m.as_of;
    const start = new Date(Date.parse(`${end}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    return { start, end };
  };

  def(`${label}: pins the manifest's snapshot`, async () => {
    const { nova, manifest } = await setup();
    eq(nova.manifest.snapshot_id, manifest.snapshot_id, 'snapshot id');
    eq(nova.manifest.contract, 'nova-gold/1.5', 'contract');
    ok(nova.manifest.ml.length >= 1, 'ml metadata');
  });

  def(`${label}: items() search, category and paging match DuckDB`, async () => {
    const { nova } = await setup();
    const env = getEnv();
    const everything = await nova.items();
    const refAll = await env.ref<Record<string, unknown>[]>('items', {});
    eq(everything.total, refAll.length, 'total');
    same(everything.items, refAll, 'all items');
    const word = String(refAll[0].name).split(' ')[0];
    const shouted = word.toUpperCase();
    const found = await nova.items({ search: shouted });
    const refFound = await env.ref<Record<string, unknown>[]>('items', { search: word });
    eq(found.total, refFound.length, `search ${shouted}`);
    ok(found.total > 0, 'search finds something');
    const category = String(refAll[refAll.length - 1].category);
    const page = await nova.items({ category, limit: 2, offset: 1 });
    const refCat = await env.ref<Record<string, unknown>[]>('items', { category });
    eq(page.total, refCat.length, 'category total');
    same(page.items, refCat.slice(1, 3), 'category page');
    await rejects(nova.items({ limit: -1 }), 'invalid_argument', 'negative limit');
    await rejects(nova.items({ offset: 1.5 }), 'invalid_argument', 'fractional offset');
  });

  def(`${label}: items({ ids, fields }) returns exactly those items and columns, as DuckDB does`, async () => {
    const { nova } = await setup();
    const env = getEnv();
    const refAll = await env.ref<Record<string, unknown>[]>('items', {});
    const pick = [refAll[refAll.length - 1], refAll[0], refAll[Math.floor(refAll.length / 2)]];
    const ids = pick.map((r) => String(r.item_id));
    const got = await nova.items({ ids: [...ids, ids[0], 'NO-SUCH-ITEM', "x' OR '1'='1"] });
    same(got.items, [...pick].sort((a, b) => (String(a.item_id) < String(b.item_id) ? -1 : 1)), 'three known ids, sorted; duplicates and unknown ids dropped');
    eq(got.total, 3, 'total');
    const named = await nova.items({ ids: [ids[1]], fields: ['name', 'unit'] });
    same(named.items, [{ item_id: pick[1].item_id, name: pick[1].name, unit: pick[1].unit }], 'only item_id and the requested fields');
    const many = refAll.slice(10, 30).map((r) => String(r.item_id));
    same((await nova.items({ ids: many, fields: ['unit_cost'] })).items, refAll.slice(10, 30).map((r) => ({ item_id: r.item_id, unit_cost: r.unit_cost })), 'twenty ids (one range read)');
    const word = String(refAll[0].name).split(' ')[0];
    const searched = await nova.items({ search: word, fields: ['name'] });
    eq(searched.total, (await env.ref<unknown[]>('items', { search: word })).length, 'search with fields reads sku/name to match');
    ok(searched.items.every((it) => Object.keys(it).sort().join() === 'item_id,name'), 'search with fields returns only those fields');
    eq((await nova.items({ ids: [] })).total, 0, 'no ids, no items');
    await rejects(nova.items({ ids: 'MAT-1' as unknown as string[] }), 'invalid_argument', 'ids not an array');
    await rejects(nova.items({ ids: [''] }), 'invalid_argument', 'empty id');
    await rejects(nova.items({ fields: ['price' as never] }), 'invalid_argument', 'unknown field');
  });

  def(`${label}: timeseries() matches DuckDB for explicit and default site/source`, async () => {
    const { nova, ids, manifest } = await setup();
    const env = getEnv();
    const { start, end } = last30(manifest);
    for (const itemId of ids) {
      const plan = await env.ref<{ site_id: string; source: string }[]>('itemSiteSources', { itemId });
      const got = await nova.timeseries({ itemId, start, end });
      eq(got.siteId, plan.length === 1 ? plan[0].site_id : null, `${itemId}: one site, or null for all sites summed`);
      same(got.sites.map((x) => [x.siteId, x.source]), plan.map((p) => [p.site_id, p.source]), `${itemId}: each site with its plan source`);
      const want = await env.ref<unknown[]>('timeseriesAllSites', { itemId, start, end });
      ok(want.length > 0, 'reference has rows');
      same(got.points, want, `${itemId} points (plan forecast, sites summed)`);
      for (const site of got.sites) {
        same(site.points, await env.ref('timeseries', { itemId, siteId: site.siteId, source: site.source, start, end }), `${itemId} ${site.siteId} own series`);
      }
      eq(got.asOf, manifest.as_of, 'asOf');
      same(got.metas.map((m) => m.source).sort(), [...new Set(plan.map((p) => p.source))].sort(), 'one provenance per source used');
      const ml = manifest.ml.find((m) => m.source === got.meta.source);
      eq(got.meta.model_version, ml?.model_version, 'model_version');
      eq(got.meta.dataset_id, ml?.dataset_id, 'dataset_id');
      eq(got.meta.generated_at, ml?.generated_at, 'generated_at');
    }
    const other = manifest.ml[manifest.ml.length - 1].source;
    const sites = await env.ref<string[]>('sites');
    const siteId = sites[sites.length - 1];
    const future = { start: manifest.as_of, end: manifest.date_range.max };
    const got = await nova.timeseries({ itemId: ids[1], siteId, source: other, ...future });
    same(got.points, await env.ref('timeseries', { itemId: ids[1], siteId, source: other, ...future }), 'explicit site/source into the future');
    eq(got.siteId, siteId, 'explicit site');
  });

  def(`${label}: timeseries() validates its arguments`, async () => {
    const { nova, ids } = await setup();
    await rejects(nova.timeseries({ itemId: 'NO-SUCH-ITEM' }), 'not_found', 'unknown item');
    await rejects(nova.timeseries({ itemId: "x' OR '1'='1" }), 'not_found', 'SQL in itemId is just an unknown item');
    await rejects(nova.timeseries({ itemId: ids[0], start: '2026-02-30' }), 'invalid_argument', 'impossible date');
    await rejects(nova.timeseries({ itemId: ids[0], start: '01/06/2026' }), 'invalid_argument', 'dd/mm/yyyy');
    await rejects(nova.timeseries({ itemId: ids[0], start: '2026-06-30', end: '2026-06-01' }), 'invalid_argument', 'start after end');
    await rejects(nova.timeseries({ itemId: ids[0], source: 'prophet-magic' }), 'invalid_argument', 'unknown source');
    await rejects(nova.timeseries({ itemId: '' }), 'invalid_argument', 'empty item');
  });

  def(`${label}: summary() over the rollups and over itemIds matches DuckDB over fact_forecast`, async () => {
    const { nova, ids, manifest } = await setup();
    const env = getEnv();
    // A range across as_of: 60 days of history and the future up to 30 days after.
    const start = new Date(Date.parse(`${manifest.as_of}T00:00:00Z`) - 59 * 86_400_000).toISOString().slice(0, 10);
    const end = new Date(Date.parse(`${manifest.as_of}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    const site0 = (await env.ref<string[]>('sites'))[0];
    for (const source of ['plan', ...manifest.ml.map((m) => m.source)]) {
      for (const siteId of [undefined, site0]) {
        for (const grain of ['day', 'week', 'month'] as const) {
          const got = await nova.summary({ start, end, source: source === 'plan' ? undefined : source, siteId, accuracyGrain: grain === 'day' ? undefined : grain });
          same(got, await env.ref('summary', { start, end, source, siteId, grain }), `summary ${source} ${siteId ?? 'all sites'} ${grain}`);
        }
      }
    }
    // Actual demand is a fact about consumption: no choice of source changes it.
    const actuals = new Set(await Promise.all(['plan', ...manifest.ml.map((m) => m.source)].map(async (s) => (await nova.summary({ start, end, source: s })).actualTotal)));
    eq(actuals.size, 1, 'actual demand is the same for every source');
    const itemIds = ids.slice(0, 2);
    for (const grain of ['day', 'week'] as const) {
      const got = await nova.summary({ start, end, itemIds, accuracyGrain: grain });
      same(got, await env.ref('summary', { start, end, source: 'plan', itemIds, grain }), `summary of two items, ${grain}`);
    }
    await rejects(nova.summary({ start: '2026-13-01', end: '2026-12-31' }), 'invalid_argument', 'bad month');
    await rejects(nova.summary({ start, end, itemIds: ['NOPE'] }), 'not_found', 'unknown item in itemIds');
    await rejects(nova.summary({ start, end, accuracyGrain: 'hour' as never }), 'invalid_argument', 'unknown grain');
  });

  def(`${label}: inventory() series and position match DuckDB, per site and over all sites`, async () => {
    const { nova, ids, manifest } = await setup();
    const env = getEnv();
    const { start, end } = last30(manifest);
    for (const itemId of ids) {
      const plan = await env.ref<{ site_id: string }[]>('itemSiteSources', { itemId });
      for (const { site_id } of plan) {
        const got = await nova.inventory({ itemId, siteId: site_id, start, end });
        const want = await env.ref<{ series: unknown[]; position: Record<string, unknown> }>('inventory', { itemId, siteId: site_id, start, end });
        eq(got.siteId, site_id, 'site');
        ok(want.series.length > 0, 'reference series has rows');
        same(got.series, want.series, `${itemId} ${site_id} series`);
        same(got.position, want.position, `${itemId} ${site_id} position`);
      }
      const all = await nova.inventory({ itemId, start, end });
      eq(all.siteId, plan.length === 1 ? plan[0].site_id : null, 'no siteId: all sites');
      same(all.series, await env.ref('inventoryAllSites', { itemId, start, end }), `${itemId} series over all sites`);
    }
    await rejects(nova.inventory({ itemId: 'NO-SUCH-ITEM' }), 'not_found', 'unknown item');
    await rejects(nova.inventory({ itemId: ids[0], siteId: 'NO-SITE' }), 'not_found', 'unknown site');
  });

  def(`${label}: inventory({ fields }) carries exactly those agg_item columns and the base ones, with DuckDB's values`, async () => {
    const { nova, ids, manifest } = await setup();
    const env = getEnv();
    const { start, end } = last30(manifest);
    const fields = ['reorder_point', 'projected_stockout_date', 'model_version'] as const;
    const base = ['item_id', 'site_id', 'source', 'on_hand', 'avg_daily_demand', 'suggested_order_qty'];
    const keys = [...base, ...fields].sort();
    for (const itemId of ids) {
      const plan = await env.ref<{ site_id: string }[]>('itemSiteSources', { itemId });
      for (const { site_id } of plan) {
        const got = await nova.inventory({ itemId, siteId: site_id, start, end, fields: [...fields] });
        const want = await env.ref<{ series: unknown[]; position: Record<string, unknown> }>('inventory', { itemId, siteId: site_id, start, end });
        same(Object.keys(got.position).sort(), keys, `${itemId} ${site_id}: position columns`);
        same(got.position, Object.fromEntries(keys.map((k) => [k, want.position[k]])), `${itemId} ${site_id} position`);
        same(got.series, want.series, `${itemId} ${site_id} series (fields change the position only)`);
      }
      // Over all sites: the same sums as without fields, on the columns read.
      const all = await nova.inventory({ itemId, start, end, fields: [...fields] });
      const full = await nova.inventory({ itemId, start, end });
      same(Object.keys(all.position).sort(), keys, `${itemId} all sites: position columns`);
      same(all.position, Object.fromEntries(keys.map((k) => [k, (full.position as unknown as Record<string, unknown>)[k]])), `${itemId} all sites: position`);
      same(all.projection, full.projection, `${itemId} projection`);
      same(all.orderArrival, full.orderArrival, `${itemId} order arrival`);
    }
    await rejects(nova.inventory({ itemId: ids[0], fields: ['no_such_column' as never] }), 'invalid_argument', 'unknown column');
    await rejects(nova.inventory({ itemId: ids[0], fields: 'on_hand' as never }), 'invalid_argument', 'fields not a list');
  });

  def(`${label}: risk() lists each class in DuckDB's order`, async () => {
    const { nova } = await setup();
    const env = getEnv();
    for (const kind of ['stockout', 'below_reorder', 'overstock'] as const) {
      const got = await nova.risk({ kind });
      const want = await env.ref<Record<string, unknown>[]>('risk', { kind });
      eq(got.length, want.length, `${kind} count`);
      same(got.map((r) => ({ item_id: r.item_id, site_id: r.site_id, days_of_cover: r.days_of_cover, stock_value: r.stock_value, on_hand: r.on_hand, name: r.name, unit_cost: r.unit_cost })), want, kind);
      ok(got.every((r) => r.risk === kind), `${kind} rows`);
      same(got.map((r) => r.risk_rank), got.map((_, i) => i + 1), `${kind}: risk_rank is the row's place`);
      const top = await nova.risk({ kind, limit: 2 });
      same(top.map((r) => r.item_id), want.slice(0, 2).map((r) => r.item_id), `${kind} limit`);
      // One site with a limit: its rows may rank after the other sites' (nova-gold/1.2 widens its read).
      for (const siteId of [...new Set(want.map((r) => String(r.site_id)))]) {
        const mine = want.filter((r) => r.site_id === siteId);
        for (const limit of [1, 3, mine.length + 5]) {
          const bySite = await nova.risk({ kind, siteId, limit, fields: [] });
          same(bySite.map((r) => [r.item_id, r.site_id]), mine.slice(0, limit).map((r) => [r.item_id, r.site_id]), `${kind} at ${siteId}, limit ${limit}`);
        }
        // riskTop(): the site's first row, from the ranking's key columns only.
        same(await nova.riskTop({ kind, siteId }), { item_id: mine[0].item_id, site_id: siteId }, `${kind} riskTop at ${siteId}`);
      }
      same(await nova.riskTop({ kind }), want.length ? { item_id: want[0].item_id, site_id: want[0].site_id } : null, `${kind} riskTop`);
      eq(await nova.riskTop({ kind, siteId: 'NO-SUCH-SITE' }), null, `${kind} riskTop of a site with no rows`);
    }
    await rejects(nova.riskTop({ kind: 'ok' as never }), 'invalid_argument', 'riskTop kind ok');
    await rejects(nova.riskTop({ kind: 'stockout', siteId: 7 as never }), 'invalid_argument', 'riskTop siteId not a string');
    await rejects(nova.risk({ kind: 'ok' as never }), 'invalid_argument', 'kind ok');
    await rejects(nova.risk({ kind: 'stockout', limit: -3 }), 'invalid_argument', 'negative limit');
  });

  def(`${label}: risk({ fields }) reads only the ranking columns and the requested ones`, async () => {
    const env = getEnv();
    const fresh = await env.createClient({ url: env.goldUrl }); // no whole-table read to derive from
    try {
      const RANKING = ['item_id', 'site_id', 'risk', 'risk_rank', 'days_of_cover', 'stock_value', 'projected_stockout_date', 'demand_value_30d'];
      for (const kind of ['stockout', 'below_reorder', 'overstock'] as const) {
        const want = await env.ref<Record<string, unknown>[]>('risk', { kind });
        const ranked = await fresh.risk({ kind, fields: [] });
        same(ranked.map((r) => ({ item_id: r.item_id, site_id: r.site_id, days_of_cover: r.days_of_cover, stock_value: r.stock_value, name: r.name, unit_cost: r.unit_cost })),
          want.map(({ on_hand: _o, ...w }) => w), `${kind}: same rows and order as the full read`);
        ok(ranked.every((r) => Object.keys(r).sort().join() === [...RANKING, 'name', 'category', 'unit_cost', 'criticality'].sort().join()), `${kind}: ranking columns + item fields only`);
        const withStock = await fresh.risk({ kind, limit: 3, fields: ['on_hand'] });
        same(withStock.map((r) => ({ item_id: r.item_id, on_hand: r.on_hand })), want.slice(0, 3).map((w) => ({ item_id: w.item_id, on_hand: w.on_hand })), `${kind}: on_hand as requested`);
      }
      await rejects(fresh.risk({ kind: 'stockout', fields: ['price' as never] }), 'invalid_argument', 'unknown field');
    } finally {
      await fresh.close();
    }
  });

  def(`${label}: cache returns the same result and de-duplicates calls in flight`, async () => {
    const env = getEnv();
    const { ids, manifest } = await setup();
    const seen: string[] = [];
    const counting: typeof fetch = (input, init) => {
      seen.push(`${String(input)} ${JSON.stringify(init?.headers ?? {})}`);
      return fetch(input, init);
    };
    const nova = await env.createClient({ url: env.goldUrl, fetch: counting, headers: { 'X-Nova-Test': 'yes' }, signUrl: (p) => `${env.goldUrl}${p}?sig=abc` });
    const q = { itemId: ids[2], ...last30(manifest) };
    const [a, b] = await Promise.all([nova.timeseries(q), nova.timeseries({ ...q })]);
    ok(a === b, 'concurrent identical calls share one result');
    const requests = seen.length;
    const c = await nova.timeseries({ ...q });
    ok(c === a, 'cached result');
    eq(seen.length, requests, 'no request for a cached call');
    if (env.goldUrl.startsWith('http')) {
      ok(seen.every((s) => s.includes('X-Nova-Test')), 'headers sent with every request');
      ok(seen.filter((s) => s.includes('.parquet')).every((s) => s.includes('?sig=abc')), 'signUrl used for files');
    }
    const ac = new AbortController();
    const q2 = { itemId: ids[1], ...last30(manifest) };
    const aborting = nova.timeseries({ ...q2, signal: ac.signal });
    const patient = nova.timeseries(q2);
    ac.abort();
    await rejects(aborting, 'aborted', 'the caller that aborted');
    ok((await patient).points.length > 0, 'a caller sharing the run without a signal still gets its answer');
    const short = await env.createClient({ url: env.goldUrl, cacheTtlMs: 0 });
    const d1 = await short.timeseries(q);
    await new Promise((r) => setTimeout(r, 5));
    const d2 = await short.timeseries(q);
    ok(d1 !== d2, 'ttl 0 re-runs the call');
    same(d2, d1, 'same numbers');
    await nova.close();
    await short.close();
  });

  def(`${label}: tiny cache bounds still give the same answers; bad cache options are refused by createClient`, async () => {
    const { nova, ids, manifest } = await setup();
    const env = getEnv();
    const tiny = await env.createClient({ url: env.goldUrl, cacheMaxEntries: 1, cacheMaxBytes: 2_000, fileCacheMaxFiles: 1, fileCacheMaxBytes: 50_000 });
    for (const id of [ids[0], ids[1], ids[0]]) {
      const q = { itemId: id, ...last30(manifest) };
      same(await tiny.timeseries(q), await nova.timeseries(q), `timeseries ${id} under tiny bounds`);
    }
    same(await tiny.items({ search: 'a', limit: 5 }), await nova.items({ search: 'a', limit: 5 }), 'items under tiny bounds');
    await tiny.close();
    for (const [opt, v] of [['cacheMaxEntries', -1], ['cacheMaxBytes', 'lots'], ['fileCacheMaxFiles', 2.5], ['fileCacheMaxBytes', Number.NaN]] as const) {
      const e = await rejects(env.createClient({ url: env.goldUrl, [opt]: v } as never), 'invalid_argument', opt);
      ok(e.message.startsWith(opt), `names ${opt}: ${e.message}`);
    }
  });
}
