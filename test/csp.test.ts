// The dashboard and the intranet-portal page under the static server's Content-Security-Policy in
// headless Chromium: no CSP violation is reported, the data loads, and sql() starts DuckDB-WASM
// (worker + WebAssembly) under the same policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error -- plain ESM script without types
import { buildBundleIfNeeded, serve } from '../scripts/start.mjs';
import { elementsLoaded, openRecordingViolations } from '../scripts/test-helpers/csp-page.mjs';

const root = join(import.meta.dirname, '..');
const goldDir = process.env.NOVA_TEST_GOLD ?? join(root, '.nova/test-demo/gold');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let server: { url: string; close(): Promise<void> };
let browser: Browser;

before(async () => {
  buildBundleIfNeeded();
  server = await serve({ goldDir, port: 0 });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page of the static server that records every CSP violation, checking the policy is sent. */
async function open(path: string): Promise<{ page: Page; violations: string[] }> {
  const { page, response, violations } = await openRecordingViolations(browser, `${server.url}${path}`);
  assert.ok(String(response?.headers()['content-security-policy']).includes("default-src 'self'"), `${path} is served with the CSP`);
  return { page, violations };
}

test('CSP: the dashboard loads its data with no violation, and sql() runs DuckDB-WASM under the policy', async () => {
  const { page, violations } = await open('/?lang=en');
  await elementsLoaded(page, 'nova-dashboard', ['nova-kpis', 'nova-risk-table', 'nova-forecast-chart', 'nova-inventory-chart']);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'the options script (a file, not inline) ran');
  const n = await page.evaluate(async () => {
    // The dashboard's own client (made from its src and duckdb-url attributes).
    type Client = { sql(q: string): Promise<{ rows: { n: number }[] }> };
    const dash = document.querySelector('nova-dashboard') as unknown as { provider: { value: Promise<Client> } };
    const c = await dash.provider.value;
    return (await c.sql('SELECT count(*) AS n FROM dim_item')).rows[0].n;
  });
  assert.ok(n > 0, `sql() answered ${n}`);
  // Let late reports arrive (violations are reported asynchronously).
  await page.waitForTimeout(500);
  assert.deepEqual(violations, [], 'no CSP violation');
  await page.close();
});

test('CSP: the intranet-portal embed renders with no violation', async () => {
  const { page, violations } = await open('/portal/');
  await elementsLoaded(page, '', ['nova-forecast-chart']);
  await page.waitForTimeout(500);
  assert.deepEqual(violations, [], 'no CSP violation');
  await page.close();
});

test('CSP: the policy is enforced — an inline script on such a page is refused and reported', async () => {
  const { page, violations } = await open('/portal/');
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.body.append(s);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  assert.equal(ran, false, 'inline script blocked');
  await page.waitForTimeout(300);
  assert.ok(violations.some((v) => v.includes('script-src')), `reported: ${violations.join(' | ')}`);
  await page.close();
});
