// Issue 8, component side: the inventory chart's projection from the last count, CSV downloads
// (risk table and every chart's data table) read back as bytes, and dates typed and shown in the
// element's locale. Expected values come from DuckDB over the same gold, written from
// docs/inventory.md; CSV expectations from the format README.md documents.
import { $, $$, GOLD, axeCheck, cleanup, duck, eq, fixture, key, lit, loaded, near, nextEvent, ok } from './support/harness.js';
import type { NovaInventoryChart } from '../src/nova-inventory-chart/nova-inventory-chart.component.js';
import type { NovaRiskTable } from '../src/nova-risk-table/nova-risk-table.component.js';
import type { NovaForecastChart } from '../src/nova-forecast-chart/nova-forecast-chart.component.js';
import type { NovaDateRange } from '../src/nova-date-range/nova-date-range.component.js';
import type { ExportDetail } from '../src/internal/export.js';
import { formatter } from '../src/i18n/index.js';

const pt = formatter('pt-BR');
const en = formatter('en');

/** Presses the element's CSV button and captures the file from the download link (cancelled) and the event. */
async function download(el: HTMLElement): Promise<{ detail: ExportDetail; bytes: Uint8Array; text: string; filename: string }> {
  const root = el.shadowRoot!;
  const event = nextEvent<ExportDetail>(el, 'nova-export');
  const link = new Promise<HTMLAnchorElement>((resolve) => {
    const onClick = (e: Event) => {
      const a = e.composedPath()[0] as HTMLElement;
      if (a.localName !== 'a') return;
      e.preventDefault(); // keep the test browser from saving the file; the link has what it would save
      root.removeEventListener('click', onClick);
      resolve(a as HTMLAnchorElement);
    };
    root.addEventListener('click', onClick);
  });
  const button = $(el, 'button[part="export"]');
  eq(button.localName, 'button', 'a real button (keyboard: Tab, Enter, Space)');
  button.focus();
  eq(root.activeElement, button, 'the button takes focus');
  button.click();
  const a = await link;
  ok(a.href.startsWith('blob:'), `a Blob URL, no server: ${a.href}`);
  const bytes = new Uint8Array(await (await fetch(a.href)).arrayBuffer());
  return { detail: (await event).detail, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), filename: a.download };
}

/** RFC 4180 records (CRLF line ends, `"` quoting) after the BOM. */
function parseCsv(text: string, sep: string): string[][] {
  ok(text.startsWith('\uFEFF'), 'starts with the byte-order mark');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  eq(row.length + cell.length, 0, 'the file ends with CRLF');
  return rows;
}

/** A CSV number cell: digits, optional decimal mark of the locale, no thousands separator. */
function csvNumber(cell: string, decimal: ',' | '.'): number {
  const re = decimal === ',' ? /^-?\d+(,\d+)?$/ : /^-?\d+(\.\d+)?$/;
  ok(re.test(cell), `number cell ${JSON.stringify(cell)} in the ${decimal === ',' ? 'pt-BR' : 'en'} form`);
  return Number(cell.replace(',', '.'));
}

interface Pos { item_id: string; site_id: string; on_hand: number; reorder_point: number; safety_stock: number; suggested_order_qty: number; projected_stockout_date: string; arrival: string }

/** docs/inventory.md: from the period after as_of, on hand − cumulative forecast of the selected source, up to the first period below zero. */
const projectionSql = (p: Pos) => `
  WITH pos AS (SELECT * FROM agg_item WHERE item_id = ${lit(p.item_id)} AND site_id = ${lit(p.site_id)}),
  fut AS (SELECT f.date, sum(f.forecast) AS fc FROM fact_forecast f JOIN pos ON f.item_id = pos.item_id AND f.site_id = pos.site_id
          AND f.source = pos.source WHERE f.date > pos.as_of GROUP BY f.date),
  cum AS (SELECT date, (SELECT on_hand FROM pos) - sum(fc) OVER (ORDER BY date) AS stock FROM fut)
  SELECT strftime(date, '%Y-%m-%d') AS date, stock FROM cum
  WHERE date <= coalesce((SELECT min(date) FROM cum WHERE stock < 0), DATE '9999-12-31') ORDER BY date`;

describe('nova-inventory-chart: projection from the last count', () => {
  afterEach(cleanup);

  it('draws and tabulates the projected stock DuckDB computes, the order arrival and the stockout; downloads them as pt-BR CSV', async () => {
    const [pos] = await duck<Pos>(`SELECT a.item_id, a.site_id, a.on_hand, a.reorder_point, a.safety_stock, a.suggested_order_qty,
        strftime(a.projected_stockout_date, '%Y-%m-%d') AS projected_stockout_date,
        strftime(a.as_of + i.lead_time_days::INTEGER, '%Y-%m-%d') AS arrival
      FROM agg_item a JOIN dim_item i USING (item_id)
      WHERE a.suggested_order_qty > 0 AND a.projected_stockout_date IS NOT NULL ORDER BY a.item_id, a.site_id LIMIT 1`);
    ok(pos, 'the test gold has an item with a suggested order and a projected stockout');
    const projection = await duck<{ date: string; stock: number }>(projectionSql(pos));
    ok(projection.length > 0, 'DuckDB finds future forecast');
    eq(projection[projection.length - 1].date, pos.projected_stockout_date, 'oracle ends at the ETL stockout date');
    const counts = await duck<{ date: string; on_hand: number; on_order: number; reorder_point: number; safety_stock: number }>(
      `SELECT strftime(date, '%Y-%m-%d') AS date, on_hand, on_order, reorder_point, safety_stock FROM fact_inventory
       WHERE item_id = ${lit(pos.item_id)} AND site_id = ${lit(pos.site_id)} ORDER BY date`,
    );

    const el = fixture<NovaInventoryChart>(`<nova-inventory-chart src="${GOLD}" item-id="${pos.item_id}" site-id="${pos.site_id}"></nova-inventory-chart>`, 900);
    eq(await loaded(el), 'ready', 'status');
    const t = pt.t;
    // Drawing: a dashed projected line through every projected period, markers at their dates.
    const projected = el.drawnPoints.filter((p) => p.projected);
    eq(projected.length, projection.length, 'projected points drawn');
    projected.forEach((p, i) => eq(p.date, projection[i].date, `projected date ${i}`));
    ok($(el, 'path.projected[part="projected-line"]').getAttribute('d')!.startsWith('M'), 'projected line');
    const x = (iso: string) => el.drawnPoints.find((p) => p.date === iso)?.x;
    eq(Number($(el, '[part="stockout-marker"] line').getAttribute('x1')), x(pos.projected_stockout_date), 'stockout marker at its date');
    eq($(el, '[part="order-marker"] text').textContent, t.orderMarker(pt.number(pos.suggested_order_qty, 0)), 'order marker label');
    eq($(el, '[data-field="order_arrival"]').textContent, pt.date(pos.arrival), 'order arrival = as_of + lead time');
    const legend = $(el, '.legend').textContent!;
    ok(legend.includes(t.projectedStock) && legend.includes(t.orderArrival), `legend: ${legend}`);
    const labels = $$(el, '.axis-x text').map((n) => n.textContent);
    eq(new Set(labels).size, labels.length, `no repeated tick label: ${labels.join(' | ')}`);
    // Keyboard: End reaches the last projected period, announced as projected.
    const plot = $(el, '[part="plot"]');
    plot.focus();
    key(plot, 'End');
    await el.updateComplete;
    const last = projection[projection.length - 1];
    eq($(el, '.live').textContent, t.projectedPointLabel({ date: pt.date(last.date), onHand: pt.number(last.stock, 1) }), 'End announces the last projected period');

    // Data table: the counts, then each projected period marked as projected.
    const details = $(el, 'details') as HTMLDetailsElement;
    details.open = true;
    await nextEvent(details, 'toggle');
    await el.updateComplete;
    const rows = $$(el, 'tr[data-basis="projected"]');
    eq(rows.length, projection.length, 'projected rows in the table');
    rows.forEach((r, i) => {
      const cells = [...r.children].map((c) => c.textContent!.trim());
      eq(cells[0], pt.date(projection[i].date), `row ${i} date`);
      eq(cells[1], t.rowProjected, `row ${i} marked as projected`);
      eq(cells[2], pt.number(projection[i].stock, 1), `row ${i} projected stock`);
      eq(cells[4], pt.number(pos.reorder_point, 1), `row ${i} reorder point`);
    });
    eq($$(el, 'tr[data-basis="count"]').length, counts.length, 'count rows in the table');

    // CSV: BOM bytes, `;`, decimal comma, pt-BR headers; the same rows.
    const file = await download(el);
    eq([...file.bytes.slice(0, 3)].join(','), '239,187,191', 'UTF-8 BOM bytes');
    eq(file.filename, `inventory-${pos.item_id}-${pos.site_id}.csv`, 'file name');
    eq(file.detail.csv, file.text, 'nova-export carries the same text as the file');
    const csv = parseCsv(file.text, ';');
    eq(csv[0].join('|'), [t.date, t.rowBasis, t.onHand, t.onOrder, t.reorderPoint, t.safetyStock].join('|'), 'pt-BR header');
    eq(csv.length, 1 + counts.length + projection.length, 'one line per count and projected period');
    counts.forEach((c, i) => {
      const r = csv[1 + i];
      eq(r[0], c.date, `count ${i} ISO date`);
      eq(r[1], t.rowCount, `count ${i} basis`);
      near(csvNumber(r[2], ','), c.on_hand, `count ${i} on hand`);
      near(csvNumber(r[3], ','), c.on_order, `count ${i} on order`);
    });
    projection.forEach((p, i) => {
      const r = csv[1 + counts.length + i];
      eq(r[0], p.date, `projected ${i} date`);
      eq(r[1], t.rowProjected, `projected ${i} basis`);
      near(csvNumber(r[2], ','), p.stock, `projected ${i} stock`, 1e-9);
      eq(r[3], '', `projected ${i} has no on-order figure`);
    });
    ok(file.text.includes('\r\n') && !/[^\r]\n/.test(file.text), 'CRLF line ends only');
    await axeCheck(el);
  });

  it('cancelling nova-export leaves the file to the host page (no download link)', async () => {
    const [pos] = await duck<{ item_id: string; site_id: string }>(`SELECT item_id, site_id FROM agg_item ORDER BY item_id, site_id LIMIT 1`);
    const el = fixture<NovaInventoryChart>(`<nova-inventory-chart src="${GOLD}" item-id="${pos.item_id}" site-id="${pos.site_id}" locale="en"></nova-inventory-chart>`, 600);
    eq(await loaded(el), 'ready', 'status');
    let linkClicked = false;
    el.shadowRoot!.addEventListener('click', (e) => {
      if ((e.composedPath()[0] as HTMLElement).localName === 'a') linkClicked = true;
    });
    el.addEventListener('nova-export', (e) => e.preventDefault(), { once: true });
    const ev = nextEvent<ExportDetail>(el, 'nova-export');
    $(el, 'button[part="export"]').click();
    const { detail } = await ev;
    ok(detail.csv.startsWith(`\uFEFF${[en.t.date, en.t.rowBasis, en.t.onHand].join(',')}`), `en header with commas: ${detail.csv.slice(0, 60)}`);
    ok(!linkClicked, 'no download when the host cancels');
    eq($(el, 'button[part="export"]').textContent, en.t.exportCsv, 'localized label');
  });
});

describe('nova-inventory-chart on a weekly gold with one stock count per item', () => {
  afterEach(cleanup);

  const oneCount = <T>(q: string): Promise<T[]> => duck<T>(q, 'one-count');

  it('draws the count, the projected weeks to the stockout at its date, and labels each tick once', async () => {
    const [pos] = await oneCount<Pos>(`SELECT a.item_id, a.site_id, a.on_hand, a.reorder_point, a.safety_stock, a.suggested_order_qty,
        strftime(a.projected_stockout_date, '%Y-%m-%d') AS projected_stockout_date, NULL AS arrival
      FROM agg_item a WHERE a.projected_stockout_date IS NOT NULL ORDER BY a.item_id, a.site_id LIMIT 1`);
    ok(pos, 'the one-count gold has an item with a projected stockout');
    const counts = await oneCount<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM fact_inventory WHERE item_id = ${lit(pos.item_id)} AND site_id = ${lit(pos.site_id)}`);
    eq(counts[0].n, 1, 'one count');
    const projection = await oneCount<{ date: string; stock: number }>(projectionSql(pos));
    eq(projection[projection.length - 1].date, pos.projected_stockout_date, 'oracle ends at the ETL stockout week');
    const el = fixture<NovaInventoryChart>(`<nova-inventory-chart src="/gold-one-count/" item-id="${pos.item_id}" site-id="${pos.site_id}"></nova-inventory-chart>`, 900);
    eq(await loaded(el), 'ready', 'status');
    const pts = el.drawnPoints;
    eq(pts.filter((p) => !p.projected).length, 1, 'one count drawn');
    eq(pts.filter((p) => p.projected).map((p) => p.date).join(','), projection.map((p) => p.date).join(','), 'projected weeks');
    pts.filter((p) => p.projected).forEach((p, i) => near(p.on_hand, projection[i].stock, `projected stock ${p.date}`, 1e-9));
    eq($$(el, '.counts circle').length, 1, 'the count is a visible dot');
    const labels = $$(el, '.axis-x text').map((n) => n.textContent);
    ok(labels.length >= 2, `several ticks: ${labels.join(' | ')}`);
    eq(new Set(labels).size, labels.length, `no repeated tick label: ${labels.join(' | ')}`);
    eq(labels[0], pt.shortDate(new Date(`${pts[0].date}T00:00:00Z`), 7), 'the first tick is the count week');
    const stockoutX = Number($(el, '[part="stockout-marker"] line').getAttribute('x1'));
    eq(stockoutX, pts.find((p) => p.date === pos.projected_stockout_date)?.x, 'stockout marker at its week, not the left edge');
    ok(stockoutX > pts[0].x, 'right of the count');
    // Reorder point and safety stock drawn from the count to the right edge.
    for (const cls of ['reorder', 'safety']) {
      const d = $(el, `path.${cls}`).getAttribute('d')!;
      const xs = [...d.matchAll(/[ML](-?[\d.]+),/g)].map((m) => Number(m[1]));
      eq(xs[0], pts[0].x, `${cls} starts at the count`);
      ok(xs[xs.length - 1] >= stockoutX, `${cls} spans the projection`);
    }
    await axeCheck(el);
  });
});

describe('nova-risk-table and nova-forecast-chart: CSV downloads', () => {
  afterEach(cleanup);

  it('risk table: the displayed rows with suggested orders, pt-BR (; and decimal comma) and en (, and point)', async () => {
    const expected = await duck<{ item_id: string; site_id: string; suggested_order_qty: number; stock_value: number; on_hand: number }>(
      `SELECT item_id, site_id, suggested_order_qty, stock_value, on_hand FROM agg_item WHERE risk = 'stockout'`,
    );
    const byKey = new Map(expected.map((r) => [`${r.item_id}|${r.site_id}`, r]));
    for (const [f, sep, decimal] of [[pt, ';', ','], [en, ',', '.']] as const) {
      const el = fixture<NovaRiskTable>(`<nova-risk-table src="${GOLD}" kind="stockout" limit="50" locale="${f.locale}"></nova-risk-table>`, 1100);
      eq(await loaded(el), 'ready', 'status');
      const shown = $$(el, 'tbody tr').map((r) => r.dataset.itemId);
      const file = await download(el);
      eq(file.filename, 'risk-stockout.csv', 'file name');
      const csv = parseCsv(file.text, sep);
      const t = f.t;
      eq(csv[0].join('|'), [t.itemId, t.item, t.category, t.site, t.onHand, t.onOrder, t.reorderPoint, t.daysOfCover, t.projectedStockout, t.forecast30d, t.suggestedOrder, t.stockValue].join('|'), `${f.locale} header`);
      eq(csv.length - 1, expected.length, `${f.locale}: every stockout row of agg_item`);
      eq(csv.slice(1).map((r) => r[0]).join(','), shown.join(','), `${f.locale}: rows in the displayed order`);
      for (const r of csv.slice(1)) {
        const want = byKey.get(`${r[0]}|${r[3]}`);
        ok(want, `row ${r[0]} at ${r[3]} is a stockout row in agg_item`);
        near(csvNumber(r[10], decimal), want.suggested_order_qty, `${r[0]} suggested order`);
        near(csvNumber(r[11], decimal), want.stock_value, `${r[0]} stock value`);
        near(csvNumber(r[4], decimal), want.on_hand, `${r[0]} on hand`);
      }
      cleanup();
    }
  });

  it('forecast chart: the data table as en CSV (dates, forecast and bounds DuckDB reads)', async () => {
    const [pos] = await duck<{ item_id: string; site_id: string }>(`SELECT item_id, site_id FROM agg_item ORDER BY item_id, site_id LIMIT 1`);
    const rows = await duck<{ date: string; forecast: number; forecast_lo: number | null; forecast_hi: number | null }>(
      `SELECT strftime(date, '%Y-%m-%d') AS date, forecast, forecast_lo, forecast_hi FROM fact_forecast
       WHERE item_id = ${lit(pos.item_id)} AND site_id = ${lit(pos.site_id)} AND source = 'ensemble' ORDER BY date`,
    );
    const el = fixture<NovaForecastChart>(
      `<nova-forecast-chart src="${GOLD}" item-id="${pos.item_id}" site-id="${pos.site_id}" source="ensemble" locale="en"></nova-forecast-chart>`, 900);
    eq(await loaded(el), 'ready', 'status');
    const file = await download(el);
    eq(file.filename, `forecast-${pos.item_id}.csv`, 'file name');
    const csv = parseCsv(file.text, ',');
    eq(csv[0].join('|'), [en.t.date, en.t.forecast, en.t.intervalLow, en.t.intervalHigh, en.t.actual].join('|'), 'en header');
    const byDate = new Map(rows.map((r) => [r.date, r]));
    eq(csv.length - 1, el.series!.points.length, 'one line per period shown');
    ok(csv.length > 30, 'a real series');
    for (const r of csv.slice(1)) {
      const want = byDate.get(r[0]);
      ok(want, `${r[0]} is a forecast date of DuckDB`);
      near(csvNumber(r[1], '.'), want.forecast, `${r[0]} forecast`);
      if (want.forecast_lo === null) eq(r[2], '', `${r[0]} no lower bound`);
      else near(csvNumber(r[2], '.'), want.forecast_lo, `${r[0]} lower bound`);
    }
    await axeCheck(el);
  });
});

describe('nova-date-range: dates in the element locale', () => {
  afterEach(cleanup);

  it('pt-BR shows and takes dd/mm/aaaa; en shows mm/dd/yyyy', async () => {
    const el = fixture<NovaDateRange>(`<nova-date-range start="2026-03-06" end="2026-06-30" min="2026-01-01" max="2026-09-30"></nova-date-range>`);
    await el.updateComplete;
    const start = $(el, '#start') as HTMLInputElement;
    const end = $(el, '#end') as HTMLInputElement;
    eq(start.value, '06/03/2026', 'pt-BR start displayed day first');
    eq(end.value, '30/06/2026', 'pt-BR end');
    ok($(el, 'label[for="start"]').textContent!.includes('dd/mm/aaaa'), 'the pattern is in the label');
    // Typing a date in the locale's form emits ISO.
    let ev = nextEvent<{ start: string; end: string }>(el, 'nova-range-change');
    end.value = '15/7/2026';
    end.dispatchEvent(new Event('change'));
    eq(JSON.stringify((await ev).detail), JSON.stringify({ start: '2026-03-06', end: '2026-07-15' }), 'typed pt-BR date');
    await el.updateComplete;
    eq(end.value, '15/07/2026', 'shown normalised');
    // Not a date, and outside min–max: messages, no event.
    let fired = false;
    el.addEventListener('nova-range-change', () => (fired = true));
    end.value = '31/02/2026';
    end.dispatchEvent(new Event('change'));
    await el.updateComplete;
    eq($(el, '[role="alert"]').textContent, pt.t.badTypedDate('31/02/2026', 'dd/mm/aaaa'), 'bad date message');
    eq(end.getAttribute('aria-invalid'), 'true', 'aria-invalid');
    end.value = '01/10/2026';
    end.dispatchEvent(new Event('change'));
    await el.updateComplete;
    eq($(el, '[role="alert"]').textContent, pt.t.outOfBounds('01/10/2026', '01/01/2026', '30/09/2026'), 'after max');
    ok(!fired, 'no event for invalid input');
    // Keyboard: Arrow Up moves the start a day later.
    end.value = '15/07/2026';
    ev = nextEvent(el, 'nova-range-change');
    start.focus();
    key(start, 'ArrowUp');
    eq(JSON.stringify((await ev).detail), JSON.stringify({ start: '2026-03-07', end: '2026-07-15' }), 'Arrow Up');
    await el.updateComplete;
    eq(start.value, '07/03/2026', 'field follows');
    // Typing: the range applies once both dates are complete, and the change that follows adds no event.
    let count = 0;
    el.addEventListener('nova-range-change', () => count++);
    ev = nextEvent(el, 'nova-range-change');
    end.value = '20/07/202';
    end.dispatchEvent(new Event('input'));
    end.value = '20/07/2026';
    end.dispatchEvent(new Event('input'));
    eq(JSON.stringify((await ev).detail), JSON.stringify({ start: '2026-03-07', end: '2026-07-20' }), 'applied while typing');
    end.dispatchEvent(new Event('change'));
    await el.updateComplete;
    eq(count, 1, 'one event for one new range');
    await axeCheck(el);

    const us = fixture<NovaDateRange>(`<nova-date-range locale="en" start="2026-03-06" end="2026-06-30"></nova-date-range>`);
    await us.updateComplete;
    eq(($(us, '#start') as HTMLInputElement).value, '03/06/2026', 'en start displayed month first');
    ev = nextEvent(us, 'nova-range-change');
    const usEnd = $(us, '#end') as HTMLInputElement;
    usEnd.value = '07/15/2026';
    usEnd.dispatchEvent(new Event('change'));
    eq(JSON.stringify((await ev).detail), JSON.stringify({ start: '2026-03-06', end: '2026-07-15' }), 'typed en date');
  });
});
