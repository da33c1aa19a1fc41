// End to end: starts `npm start`'s server (scripts/start.mjs, PORT=0) in a child process, opens the
// dashboard in headless Debian Chromium, drills down from the risk table, changes the date range,
// checks the numbers against @duckdb/node-api over the same gold files, and takes screenshots.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { DuckDBInstance } from '@duckdb/node-api';

const root = join(import.meta.dirname, '..');
const goldDir = join(root, '.nova/e2e/gold');
const shots = join(root, '.nova/e2e');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let server: ChildProcess;
let base = '';
let browser: Browser;
let duck: (sql: string) => Promise<Record<string, unknown>[]>;
const requests: string[] = [];

async function openDuck() {
  const m = JSON.parse(readFileSync(join(goldDir, 'manifest.json'), 'utf8'));
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  for (const [name, t] of Object.entries<{ path: string; files?: { path: string }[] }>(m.tables)) {
    const files = (t.files ?? [{ path: t.path }]).map((f) => `'${join(goldDir, f.path)}'`);
    await conn.run(`CREATE VIEW ${name} AS SELECT * FROM read_parquet([${files.join(',')}])`);
  }
  return async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** Evaluates in the page: status of a data element inside the dashboard's shadow root. */
function status(page: Page, tag: string) {
  return page.evaluate((t) => {
    const d = document.querySelector('nova-dashboard');
    const el = d?.shadowRoot?.querySelector(t) as (Element & { loadStatus?: string }) | null;
    return el?.loadStatus ?? 'absent';
  }, tag);
}

async function waitReady(page: Page, tags: string[], timeout = 30000) {
  await page.waitForFunction(
    (ts) => ts.every((t) => {
      const el = document.querySelector('nova-dashboard')?.shadowRoot?.querySelector(t) as (Element & { loadStatus?: string }) | null;
      return el && ['ready', 'empty', 'error', 'invalid'].includes(el.loadStatus ?? '');
    }),
    tags,
    { timeout, polling: 50 },
  );
  for (const t of tags) assert.equal(await status(page, t), 'ready', `${t} ready`);
}

describe('e2e: npm start dashboard', { timeout: 600_000 }, () => {
  before(async () => {
    mkdirSync(shots, { recursive: true });
    server = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
      cwd: root,
      env: { ...process.env, PORT: '0', NOVA_GOLD_DIR: goldDir, NOVA_DEMO_ITEMS: '80', NOVA_DEMO_DAYS: '400' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^ready (http\S+)$/m.exec(out);
        if (m) resolve(m[1]);
      });
      server.on('exit', (code) => reject(new Error(`start.mjs exited ${code}: ${out}`)));
    });
    duck = await openDuck();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  });

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  it('serves the manifest with revalidation and snapshot files as immutable, with Range support', async () => {
    const m = await fetch(`${base}gold/manifest.json`);
    assert.equal(m.status, 200);
    assert.equal(m.headers.get('cache-control'), 'no-cache');
    const manifest = await m.json();
    const file = manifest.tables.dim_item.files?.[0]?.path ?? manifest.tables.dim_item.path;
    const r = await fetch(`${base}gold/${file}`, { headers: { Range: 'bytes=0-3' } });
    assert.equal(r.status, 206);
    assert.equal(Buffer.from(await r.arrayBuffer()).toString(), 'PAR1');
    assert.match(r.headers.get('cache-control') ?? '', /immutable/);
    // A browser revalidating its cached manifest (fetch() itself adds `Cache-Control: no-cache` to
    // conditional requests, so use node:http).
    const etag = m.headers.get('etag')!;
    const status = await new Promise<number>((resolve, reject) =>
      get(`${base}gold/manifest.json`, { headers: { 'If-None-Match': etag } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject),
    );
    assert.equal(status, 304);
  });

  it('opens the dashboard, drills down from the risk table, changes the dates, and the numbers match DuckDB', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(base);
    await waitReady(page, ['nova-kpis', 'nova-risk-table', 'nova-forecast-chart', 'nova-inventory-chart', 'nova-last-updated']);

    // Drill down: the third row of the risk table (the dashboard opens on the first one).
    const rowsShown = await page.locator('nova-dashboard nova-risk-table tbody tr').count();
    assert.ok(rowsShown >= 2, `risk table rows: ${rowsShown}`);
    const row = page.locator('nova-dashboard nova-risk-table tbody tr').nth(Math.min(2, rowsShown - 1));
    const itemId = (await row.getAttribute('data-item-id'))!;
    await row.locator('button.item').click();
    await page.waitForFunction((id) => (document.querySelector('nova-dashboard')?.shadowRoot?.querySelector('nova-forecast-chart') as unknown as { itemId?: string })?.itemId === id, itemId);
    await waitReady(page, ['nova-forecast-chart', 'nova-inventory-chart']);
    assert.match(page.url(), new RegExp(`item=${encodeURIComponent(itemId)}`), 'hash carries the item');
    const title = await page.locator('nova-dashboard nova-forecast-chart [part="title"]').textContent();
    const [item] = await duck(`SELECT name FROM dim_item WHERE item_id = '${itemId}'`);
    assert.ok(title!.includes(String(item.name)), `title ${title} names ${item.name}`);

    // Change the date range by typing into the inputs.
    const manifest = JSON.parse(readFileSync(join(goldDir, 'manifest.json'), 'utf8'));
    const asOf: string = manifest.as_of;
    const start = new Date(Date.parse(`${asOf}T00:00:00Z`) - 59 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('nova-dashboard nova-date-range #start').fill(start);
    await page.locator('nova-dashboard nova-date-range #end').fill(asOf);
    await page.waitForFunction(([s, e]) => {
      const k = document.querySelector('nova-dashboard')?.shadowRoot?.querySelector('nova-kpis') as unknown as { start?: string; end?: string };
      return k?.start === s && k?.end === e;
    }, [start, asOf]);
    assert.match(page.url(), new RegExp(`start=${start}&end=${asOf}`), 'hash carries the range');
    await waitReady(page, ['nova-kpis', 'nova-forecast-chart', 'nova-inventory-chart']);

    // Oracles written from docs/contract.md ("Figures"), not from the SDK: actual demand once per
    // (item, site, date); the plan forecast is each item-site's agg_item.source; the tiles read
    // weekly errors (cells = item, site, week starting in the range).
    const PLAN = `SELECT f.* FROM fact_forecast f JOIN agg_item p ON p.item_id = f.item_id AND p.site_id = f.site_id AND p.source = f.source`;
    const [dem] = await duck(
      `SELECT sum(actual) AS a FROM (SELECT DISTINCT item_id, site_id, date, actual FROM fact_forecast
       WHERE actual IS NOT NULL AND date BETWEEN DATE '${start}' AND DATE '${asOf}')`,
    );
    const [wk] = await duck(
      `WITH c AS (SELECT item_id, site_id, date_trunc('week', date) AS wk, sum(forecast) AS f, sum(actual) AS a FROM (${PLAN})
         WHERE actual IS NOT NULL GROUP BY ALL)
       SELECT sum(f) AS f, sum(abs(f - a)) / sum(a) AS w FROM c WHERE wk BETWEEN DATE '${start}' AND DATE '${asOf}'`,
    );
    const kpi = async (id: string) => (await page.locator(`nova-dashboard nova-kpis [data-kpi="${id}"] dd`).textContent())!;
    const pt = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 0 });
    const pct = new Intl.NumberFormat('pt-BR', { style: 'percent', maximumFractionDigits: 1 });
    assert.equal(await kpi('actual'), pt.format(Number(dem.a)), 'actual demand KPI = DuckDB');
    assert.equal(await kpi('forecast'), pt.format(Number(wk.f)), 'plan forecast on the same weeks KPI = DuckDB');
    assert.equal(await kpi('wape'), pct.format(Number(wk.w)), 'weekly WAPE KPI = DuckDB');

    const drawn = await page.evaluate(() => {
      const c = document.querySelector('nova-dashboard')!.shadowRoot!.querySelector('nova-forecast-chart') as unknown as {
        drawnPoints: { date: string; forecast: number }[];
      };
      return { points: c.drawnPoints.map((p) => [p.date, p.forecast]) };
    });
    // No site chosen: the item's sites summed, each with its plan source.
    const rows = await duck(
      `SELECT strftime(date, '%Y-%m-%d') AS d, sum(forecast) AS forecast FROM (${PLAN}) WHERE item_id = '${itemId}'
       AND date BETWEEN DATE '${start}' AND DATE '${asOf}' GROUP BY date ORDER BY date`,
    );
    assert.equal(drawn.points.length, rows.length, 'one drawn point per DuckDB row');
    rows.forEach((r, i) => {
      assert.equal(drawn.points[i][0], r.d);
      assert.ok(Math.abs(Number(drawn.points[i][1]) - Number(r.forecast)) < 1e-9, `forecast ${r.d}`);
    });

    // Shareable: a fresh page on the same URL restores the same view.
    const page2 = await ctx.newPage();
    await page2.goto(page.url());
    await waitReady(page2, ['nova-forecast-chart']);
    assert.equal(
      await page2.evaluate(() => (document.querySelector('nova-dashboard')!.shadowRoot!.querySelector('nova-forecast-chart') as unknown as { itemId: string }).itemId),
      itemId,
    );
    await page2.close();

    await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true });
    assert.ok(statSync(join(shots, 'dashboard.png')).size > 50_000, 'screenshot has content');
    await page.setViewportSize({ width: 360, height: 800 });
    await page.waitForTimeout(300);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no horizontal scroll at 360 px');
    await page.screenshot({ path: join(shots, 'dashboard-360.png'), fullPage: true });
    assert.deepEqual(errors, [], 'no page errors');
    assert.ok(!requests.some((u) => /duckdb/.test(u)), 'the dashboard never loads DuckDB-WASM');
    await ctx.close();
  });

  it('sql() on the dashboard page runs in the self-hosted DuckDB-WASM copied next to the bundle', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(base);
    await waitReady(page, ['nova-kpis']);
    const rows = await page.evaluate(async () => {
      const d = document.querySelector('nova-dashboard') as unknown as { provider: { value: Promise<{ sql(q: string): Promise<{ rows: Record<string, unknown>[] }> }> } };
      const client = await d.provider.value;
      const r = await client.sql("SELECT count(*) AS n, count(*) FILTER (WHERE risk = 'stockout') AS s FROM agg_item");
      return r.rows.map((x) => ({ n: Number(x.n), s: Number(x.s) }));
    });
    const [expected] = await duck(`SELECT count(*) AS n, count(*) FILTER (WHERE risk = 'stockout') AS s FROM agg_item`);
    assert.deepEqual(rows, [{ n: Number(expected.n), s: Number(expected.s) }]);
    assert.ok(urls.some((u) => u.endsWith('/dist/duckdb/duckdb-eh.wasm')), 'WASM served from /dist/duckdb/');
    assert.ok(urls.every((u) => u.startsWith(base) || u.startsWith('blob:') || u.startsWith('data:')), `nothing fetched from another host: ${urls.filter((u) => !u.startsWith(base))}`);
    await ctx.close();
  });

  it('the intranet portal embed draws one chart without DuckDB-WASM; host CSS does not leak in', async () => {
    const ctx = await browser.newContext({ viewport: { width: 800, height: 700 } });
    const page = await ctx.newPage();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(`${base}portal/`);
    await page.waitForFunction(() => ['ready', 'error', 'invalid'].includes((document.querySelector('nova-forecast-chart') as unknown as { loadStatus: string })?.loadStatus));
    assert.equal(await page.evaluate(() => (document.querySelector('nova-forecast-chart') as unknown as { loadStatus: string }).loadStatus), 'ready');
    const color = await page.evaluate(() => getComputedStyle(document.querySelector('nova-forecast-chart')!.shadowRoot!.querySelector('h2')!).color);
    assert.notEqual(color, 'rgb(255, 0, 0)', 'page CSS `h2 { color: red !important }` does not reach the chart');
    assert.ok(!urls.some((u) => /duckdb/.test(u)), `no DuckDB-WASM request: ${urls.filter((u) => /duckdb/.test(u))}`);
    await page.screenshot({ path: join(shots, 'portal.png'), fullPage: true });
    await ctx.close();
  });
});
