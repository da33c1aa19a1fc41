// Test helpers shared by the CSP and nginx tests: a Chromium page that records every CSP
// violation, and a wait for Nova elements to finish loading.

/**
 * Opens `url` in a new page of `browser`, recording every CSP violation (the
 * `securitypolicyviolation` events and Chromium's console reports) and every page error.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @returns {Promise<{ page: import('playwright-core').Page, response: import('playwright-core').Response | null, violations: string[], errors: string[] }>}
 */
export async function openRecordingViolations(browser, url) {
  const page = await browser.newPage();
  /** @type {string[]} */ const violations = [];
  /** @type {string[]} */ const errors = [];
  await page.exposeFunction('__cspViolation', (/** @type {string} */ v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      // @ts-ignore -- exposed above
      window.__cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const response = await page.goto(url);
  return { page, response, violations, errors };
}

/**
 * Waits until each element `tags` (in `host`'s shadow root, or the document when `host` is '')
 * has a `loadStatus` among `statuses`.
 * @param {import('playwright-core').Page} page
 * @param {string} host
 * @param {string[]} tags
 * @param {{ statuses?: string[], timeout?: number }} [opts]
 */
export function elementsLoaded(page, host, tags, { statuses = ['ready'], timeout = 60_000 } = {}) {
  return page.waitForFunction(
    ({ host, tags, statuses }) => {
      const scope = host ? document.querySelector(host)?.shadowRoot : document;
      return tags.every((t) => statuses.includes(/** @type {any} */ (scope?.querySelector(t))?.loadStatus ?? ''));
    },
    { host, tags, statuses },
    { timeout, polling: 100 },
  );
}
