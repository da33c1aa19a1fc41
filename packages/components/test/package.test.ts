// The published shape of @nova-corrente/components: exports map, dependencies, element manifest,
// explicit named exports, one element per file and guarded registration.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const pkgDir = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const TAGS = ['nova-provider', 'nova-dashboard', 'nova-forecast-chart', 'nova-inventory-chart', 'nova-risk-table', 'nova-kpis', 'nova-model-accuracy', 'nova-date-range', 'nova-item-picker', 'nova-last-updated'];

describe('package', () => {
  it('exports map: types first, define entry, manifest', () => {
    for (const [key, entry] of Object.entries<Record<string, string> | string>(pkg.exports)) {
      if (typeof entry === 'object') assert.equal(Object.keys(entry)[0], 'types', `${key}: types first`);
    }
    assert.ok(pkg.exports['./define']);
    assert.equal(pkg.customElements, 'custom-elements.json');
    assert.ok(pkg.files.includes('custom-elements.json'));
  });

  it('depends on lit, d3 modules and the SDK only — no ML libraries', () => {
    const deps = Object.keys(pkg.dependencies).sort();
    assert.deepEqual(deps, ['@lit-labs/observers', '@lit/context', '@lit/task', '@nova-corrente/core', 'd3-array', 'lit']);
    const ml = /tensorflow|onnx|torch|ml5|brain\.js|prophet|sklearn|xgboost|lightgbm|transformers/i;
    for (const d of [...deps, ...Object.keys(pkg.devDependencies ?? {})]) assert.ok(!ml.test(d), d);
  });

  it('custom-elements.json documents every element with its attributes, events and parts', () => {
    const manifest = JSON.parse(readFileSync(join(pkgDir, pkg.customElements), 'utf8'));
    const decls = manifest.modules.flatMap((m: { declarations?: unknown[] }) => m.declarations ?? []) as Array<{
      tagName?: string;
      summary?: string;
      attributes?: { name: string }[];
      events?: { name: string }[];
    }>;
    for (const tag of TAGS) {
      const d = decls.find((x) => x.tagName === tag);
      assert.ok(d, `${tag} in custom-elements.json`);
      assert.ok(d.summary, `${tag} has a summary`);
    }
    const chart = decls.find((x) => x.tagName === 'nova-forecast-chart')!;
    for (const a of ['item-id', 'start', 'end', 'source', 'src', 'stale-after-days', 'locale']) {
      assert.ok(chart.attributes!.some((x) => x.name === a), `forecast chart attribute ${a}`);
    }
    assert.ok(decls.find((x) => x.tagName === 'nova-risk-table')!.events!.some((e) => e.name === 'nova-item-select'));
  });

  it('custom-elements.json is generated from the build: dist/ paths, a definition export per tag, typed events', () => {
    const manifest = JSON.parse(readFileSync(join(pkgDir, pkg.customElements), 'utf8'));
    for (const m of manifest.modules) {
      assert.match(m.path, /^dist\/.*\.js$/, `module ${m.path} points at what ships`);
      assert.ok(existsSync(join(pkgDir, m.path)), `${m.path} exists after the build`);
    }
    const defs = manifest.modules.flatMap((m: { exports?: { kind: string; name: string; declaration: { name: string; module: string } }[] }) =>
      (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition'));
    assert.deepEqual(defs.map((d: { name: string }) => d.name).sort(), [...TAGS].sort());
    for (const d of defs) {
      const mod = manifest.modules.find((m: { path: string }) => m.path === d.declaration.module);
      assert.ok(mod?.declarations.some((x: { name: string; tagName?: string }) => x.name === d.declaration.name && x.tagName === d.name), `${d.name} → ${d.declaration.name}`);
    }
    const events = manifest.modules.flatMap((m: { declarations?: { events?: { name: string; type?: { text: string } }[] }[] }) => (m.declarations ?? []).flatMap((x) => x.events ?? []));
    assert.ok(events.length >= 10);
    for (const e of events) assert.match(e.type?.text ?? '', /^CustomEvent<\w+>$/, `${e.name} has its detail type`);
    // The JSX typings are generated from it, for every tag.
    const jsx = readFileSync(join(pkgDir, 'dist', 'jsx.d.ts'), 'utf8');
    for (const tag of TAGS) assert.ok(jsx.includes(`"${tag}": Partial<`), `${tag} in dist/jsx.d.ts`);
    assert.match(readFileSync(join(pkgDir, 'dist', 'react.d.ts'), 'utf8'), /declare module 'react'[\s\S]*IntrinsicElements extends CustomElements/);
  });

  it('one element per folder: component (no side effects), styles, guarded define', () => {
    const src = join(pkgDir, 'src');
    for (const tag of TAGS) {
      const files = readdirSync(join(src, tag)).sort();
      assert.deepEqual(files, [`${tag}.component.ts`, `${tag}.styles.ts`, `${tag}.ts`]);
      const component = readFileSync(join(src, tag, `${tag}.component.ts`), 'utf8');
      assert.ok(!/customElements\.define|defineOnce\(/.test(component), `${tag}.component.ts registers nothing`);
      for (const k of ['@summary', '@tagname']) assert.ok(component.includes(k), `${tag}: ${k} in the class JSDoc`);
      const define = readFileSync(join(src, tag, `${tag}.ts`), 'utf8');
      assert.match(define, new RegExp(`defineOnce\\('${tag}'`));
      assert.match(define, new RegExp(`'${tag}': `), 'HTMLElementTagNameMap entry');
      assert.ok(component.length < 20_000, `${tag}.component.ts stays small (${component.length} chars)`);
    }
    const index = readFileSync(join(src, 'index.ts'), 'utf8');
    assert.ok(!/export \*/.test(index), 'index.ts: explicit named exports');
    assert.ok(!/^import '/m.test(index), 'index.ts imports nothing for side effects');
  });

  it('each element module types its tag and its events; every event detail type is exported', () => {
    const src = join(pkgDir, 'src');
    const index = readFileSync(join(src, 'index.ts'), 'utf8');
    const all = [join(src, 'internal', 'nova-element.ts'), ...TAGS.map((t) => join(src, t, `${t}.component.ts`))].map((f) => readFileSync(f, 'utf8')).join('\n');
    const eventMap = new Map([...all.matchAll(/'(nova-[a-z-]+)': CustomEvent<(\w+)>/g)].map((m) => [m[1], m[2]]));
    for (const tag of TAGS) {
      const component = readFileSync(join(src, tag, `${tag}.component.ts`), 'utf8');
      const tail = component.slice(component.lastIndexOf('declare global'));
      assert.match(tail, new RegExp(`interface HTMLElementTagNameMap \\{\\s*'${tag}': Nova\\w+;`), `${tag}: tag map in its own module`);
      for (const [, event] of component.matchAll(/@fires (nova-[a-z-]+)/g)) {
        const detail = eventMap.get(event);
        assert.ok(detail, `${tag} fires ${event}: an HTMLElementEventMap entry types it`);
        assert.match(index, new RegExp(`\\b${detail}\\b`), `${event}'s detail type ${detail} is exported from index.ts`);
      }
    }
    assert.ok(eventMap.size >= 7, `${eventMap.size} typed events`);
  });

  it('no user-visible string outside the locale files (components use t.*)', () => {
    // Every locale key exists in both files; the element files hold no Portuguese literals.
    const src = join(pkgDir, 'src');
    for (const tag of TAGS) {
      const c = readFileSync(join(src, tag, `${tag}.component.ts`), 'utf8');
      assert.ok(!/[ãõçéêáíóú]/i.test(c.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')), `${tag}: no Portuguese text in code`);
    }
    assert.ok(existsSync(join(src, 'i18n', 'pt-BR.ts')) && existsSync(join(src, 'i18n', 'en.ts')));
  });
});
