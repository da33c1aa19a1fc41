// The off-thread ICU warm-up in real Chromium: the worker runs the formatter's Intl objects and
// answers; a worker whose script fails answers `false` through its error, not the timer.
import { eq, ok } from './support/harness.js';
import { offThreadPending, startWarmWorker, warmOffThread, type IntlSpec } from '../src/i18n/off-thread.js';
import { formatter } from '../src/i18n/index.js';

const SPECS: IntlSpec[] = [['NumberFormat', { maximumFractionDigits: 1 }], ['DateTimeFormat', { timeZone: 'UTC', day: '2-digit', month: 'short' }]];

describe('ICU data loaded in a worker', () => {
  it('the worker makes the objects and answers true', async () => {
    eq(await startWarmWorker('pt-BR', SPECS, 60_000), true);
  });

  it('a worker whose objects throw answers false, by its error and not the timeout', async () => {
    // An invalid option makes the Intl constructor throw inside the worker: an error event.
    eq(await startWarmWorker('pt-BR', [['NumberFormat', { style: 'no-such-style' as 'decimal' }]], 60_000), false);
  });

  it('an element page: prewarm, then warm and ready, formats in pt-BR', async () => {
    const f = formatter('pt-BR');
    f.prewarm();
    f.warm();
    await f.ready();
    eq(f.number(1234.5, 1), '1.234,5');
    eq(f.shortDate(new Date(Date.UTC(2026, 10, 12)), 7), '12 de nov.');
    eq(f.date('2026-06-30'), '30/06/2026');
  });

  it('data in before the worker answers: ready() does not wait for the worker', async () => {
    const f = formatter('en');
    f.prewarm();
    ok(offThreadPending('en'), 'the worker is on its way');
    const worker = warmOffThread('en', []); // the same worker's answer (started once per locale)
    eq(await Promise.race([f.ready().then(() => 'ready'), worker.then(() => 'worker answered')]), 'ready');
    eq(f.number(1234.5, 1), '1,234.5', 'made on use meanwhile');
    eq(await worker, true);
    eq(offThreadPending('en'), false);
  });
});
