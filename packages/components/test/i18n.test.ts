import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatter, loadLocale, localeReady, messages, resolveLocale } from '../src/i18n/index.js';
import { parseHash, formatHash } from '../src/internal/hash.js';
import { addDays, isIsoDate, daysBetween, dateOrder, formatTypedDate, parseTypedDate } from '../src/internal/dates.js';

describe('locales', () => {
  it('resolves tags to pt-BR by default and en for English', () => {
    assert.equal(resolveLocale(undefined), 'pt-BR');
    assert.equal(resolveLocale('pt'), 'pt-BR');
    assert.equal(resolveLocale('en-GB'), 'en');
    assert.equal(resolveLocale('fr'), 'pt-BR');
  });

  it('pt-BR is built in; English is loaded on demand, and a formatter made before follows it', async () => {
    assert.equal(localeReady('pt-BR'), true);
    assert.equal(localeReady('en'), false, 'a pt-BR page does not load the English strings');
    const early = formatter('en');
    assert.equal(early.t.loading, 'Carregando…', 'pt-BR strings until the English ones arrive');
    await Promise.all([loadLocale('en'), loadLocale('en')]);
    assert.equal(localeReady('en'), true);
    assert.equal(early.t.loading, 'Loading…', 'the same formatter now speaks English');
    assert.equal(early.number(null), 'n/a', 'and says "not available" in English');
  });

  it('both locales define the same strings', async () => {
    await loadLocale('en');
    const pt = messages('pt-BR');
    const en = messages('en');
    assert.deepEqual(Object.keys(pt).sort(), Object.keys(en).sort());
    for (const k of Object.keys(pt) as (keyof typeof pt)[]) assert.equal(typeof pt[k], typeof en[k], k);
    assert.notEqual(pt.loading, en.loading);
  });

  it('formats numbers, BRL, percent and dates per locale (UTC dates)', () => {
    const pt = formatter('pt-BR');
    const en = formatter('en');
    assert.equal(pt.number(1234.5, 1), '1.234,5');
    assert.equal(en.number(1234.5, 1), '1,234.5');
    assert.equal(pt.currency(1234.5).replace(/\s/g, ' '), 'R$ 1.234,50');
    assert.equal(en.currency(1234.5), 'R$1,234.50');
    assert.equal(pt.percent(0.4567), '45,7%');
    assert.equal(en.percent(0.4567), '45.7%');
    assert.equal(pt.date('2026-06-30'), '30/06/2026');
    assert.equal(en.date('2026-06-30'), '06/30/2026');
    assert.equal(pt.number(null), 'n/d');
    assert.equal(en.number(Number.NaN), 'n/a');
    assert.equal(pt.dateTime('2026-06-30T12:05:00Z'), '30/06/2026, 12:05 UTC');
  });
});

describe('formatter warm-up', () => {
  it('ready() resolves once the first Intl objects are made, whether warm() ran before it or not', async () => {
    const late = new Promise<string>((r) => setTimeout(() => r('fallback timer'), 90));
    // en: a formatter no other test has warmed; ready() starts the warm-up itself.
    const f = formatter('en');
    assert.equal(await Promise.race([f.ready().then(() => 'ready'), late]), 'ready', 'ready() is answered by the warm-up, not the 100 ms fallback');
    // Asked again after the warm-up finished: already resolved (a microtask, never the timer).
    const again = new Promise<string>((r) => setTimeout(() => r('fallback timer'), 90));
    assert.equal(await Promise.race([f.ready().then(() => 'ready'), again]), 'ready');
    assert.equal(f.number(1234.5, 1), '1,234.5', 'formats after the warm-up');
    // pt-BR: warm() first (as an element does when its reads leave), ready() while it runs.
    const g = formatter('pt-BR');
    g.warm();
    const third = new Promise<string>((r) => setTimeout(() => r('fallback timer'), 90));
    assert.equal(await Promise.race([g.ready().then(() => 'ready'), third]), 'ready', 'ready() after warm() is answered by the warm-up');
  });
});

describe('dashboard hash', () => {
  it('round-trips the view and drops invalid values', () => {
    const s = { item: 'ITM 1&2', start: '2026-01-01', end: '2026-06-30', kind: 'overstock' as const };
    assert.deepEqual(parseHash(`#${formatHash(s)}`), s);
    assert.deepEqual(parseHash('#item=X&start=2026-13-01&end=nope&kind=drop%20table'), { item: 'X' });
  });
});

describe('dates', () => {
  it('validates and shifts ISO dates in UTC', () => {
    assert.ok(isIsoDate('2024-02-29'));
    assert.ok(!isIsoDate('2026-02-29'));
    assert.ok(!isIsoDate('30/06/2026'));
    assert.equal(addDays('2026-06-30', 1), '2026-07-01');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(daysBetween('2026-06-01', '2026-06-30'), 29);
  });
});

describe('typed dates', () => {
  it('format in the locale order: dd/mm/yyyy (pt-BR), mm/dd/yyyy (en)', () => {
    assert.equal(formatTypedDate('2026-03-06', dateOrder('pt-BR')), '06/03/2026');
    assert.equal(formatTypedDate('2026-03-06', dateOrder('en')), '03/06/2026');
    assert.equal(formatTypedDate('2026-02-30', 'dmy'), '');
    assert.equal(formatTypedDate(undefined, 'dmy'), '');
  });

  it('parse the locale order, one-digit parts, . and - separators, and ISO; reject the rest', () => {
    assert.equal(parseTypedDate('06/03/2026', 'dmy'), '2026-03-06');
    assert.equal(parseTypedDate('06/03/2026', 'mdy'), '2026-06-03');
    assert.equal(parseTypedDate(' 6.3.2026 ', 'dmy'), '2026-03-06');
    assert.equal(parseTypedDate('29-02-2024', 'dmy'), '2024-02-29');
    assert.equal(parseTypedDate('2026-03-06', 'mdy'), '2026-03-06');
    for (const bad of ['29/02/2026', '31/04/2026', '13/13/2026', '06/03/26', '2026/03/06', '', 'hoje', '06/03/2026; DROP TABLE x', '1e3/1/2026']) {
      assert.equal(parseTypedDate(bad, 'dmy'), null, bad);
    }
    assert.equal(parseTypedDate('13/01/2026', 'mdy'), null, 'month 13 in en');
  });
});
