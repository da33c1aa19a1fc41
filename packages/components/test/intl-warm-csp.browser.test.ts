// A host page whose Content-Security-Policy forbids blob: workers: the warm-up cannot start its
// worker (Chromium throws at `new Worker`), answers false at once, and the formatter makes its
// objects on the main thread as before — the chart still formats, with no hang.
import { eq } from './support/harness.js';
import { startWarmWorker } from '../src/i18n/off-thread.js';
import { formatter } from '../src/i18n/index.js';

describe('ICU warm-up under a CSP without blob: workers', () => {
  before(() => {
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "worker-src 'none'";
    document.head.append(meta);
  });

  it('the worker is refused and the answer is false, not a hang until the timeout', async () => {
    eq(await startWarmWorker('pt-BR', [['NumberFormat', {}]], 60_000), false);
  });

  it('the formatter still warms up on the main thread and formats', async () => {
    const f = formatter('pt-BR');
    f.prewarm();
    f.warm();
    await f.ready();
    eq(f.number(1234.5, 1), '1.234,5');
  });
});
