// Item names that carry a right-to-left override and a zero-width space (the hostile gold's second
// item): shown isolated (<bdi dir="auto">) without the invisible characters, and found by search
// typed without them or in full-width forms.
import { $, $$, BIDI_NAME, HOSTILE_GOLD, cleanup, duck, eq, fixture, lit, loaded, ok } from './support/harness.js';
import type { NovaItemPicker } from '../src/nova-item-picker/nova-item-picker.component.js';
import type { NovaForecastChart } from '../src/nova-forecast-chart/nova-forecast-chart.component.js';

const SHOWN = 'exe.live Parafuso'; // BIDI_NAME without U+202E and U+200B

describe('item names with bidi and zero-width characters', () => {
  afterEach(cleanup);

  it('the item search finds them typed plainly or full-width, and lists them isolated', async () => {
    const [row] = await duck<{ item_id: string }>(`SELECT item_id FROM dim_item WHERE name = ${lit(BIDI_NAME)}`, 'hostile');
    ok(row, 'the hostile gold has the item');
    const picker = fixture<NovaItemPicker>(`<nova-item-picker src="${HOSTILE_GOLD}"></nova-item-picker>`);
    for (const typed of ['parafuso', 'Para\u200Bfuso', '\uFF30\uFF41\uFF52\uFF41\uFF46\uFF55\uFF53\uFF4F', 'exe.live para']) {
      await picker.search(typed);
      eq(await loaded(picker), 'ready', `search ${JSON.stringify(typed)}`);
      const opt = $$(picker, '[role="option"]').find((o) => o.dataset.itemId === row.item_id);
      ok(opt, `found by ${JSON.stringify(typed)}`);
      const bdi = opt.querySelector('bdi');
      ok(bdi && bdi.getAttribute('dir') === 'auto', 'name in <bdi dir="auto">');
      eq(bdi.textContent, SHOWN, 'shown without the override and the zero-width space');
    }
  });

  it('the chart title isolates the name', async () => {
    const [row] = await duck<{ item_id: string }>(`SELECT item_id FROM dim_item WHERE name = ${lit(BIDI_NAME)}`, 'hostile');
    performance.clearResourceTimings();
    const el = fixture<NovaForecastChart>(`<nova-forecast-chart src="${HOSTILE_GOLD}" item-id="${row.item_id}" locale="en"></nova-forecast-chart>`);
    eq(await loaded(el), 'ready', 'status');
    const title = $(el, '[part="title"]');
    const bdi = title.querySelector('bdi');
    ok(bdi && bdi.getAttribute('dir') === 'auto', 'name in <bdi dir="auto">');
    eq(bdi.textContent, SHOWN, 'without invisible characters');
    ok(title.textContent!.startsWith(`Demand forecast: ${SHOWN}`), 'the rest of the title reads in order');
    // nova-gold/1.4: the name came with the item's agg_item rows (read for its sites anyway), not from dim_item.
    const urls = performance.getEntriesByType('resource').map((e) => e.name);
    ok(urls.some((u) => u.includes('/agg_item/')), `agg_item read: ${urls.join(' ')}`);
    ok(!urls.some((u) => u.includes('dim_item')), `no dim_item request: ${urls.join(' ')}`);
  });
});
