// How the SQL engines are found: DuckDB-WASM's file URLs (explicit bundle or folder), the peer
// dependency's name and version in errors, and hints when the browser entry is used from Node.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { duckdbUrls, importDuckdbWasm, DUCKDB_WASM } from '../src/sql/bundle-urls.js';
import { DUCKDB_NODE_API } from '../src/node/load-node-api.js';
import { createClient as createBrowserClient, NovaError } from '../src/index.js';
// @ts-expect-error -- plain ESM helper without types
import { startStaticServer } from '../../../scripts/static-server.mjs';
// @ts-expect-error -- plain ESM helper without types
import { goldDir } from './support/reference.mjs';

const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
const PAGE = 'https://intranet.example/app/page.html';
const noDefault = () => {
  throw new Error('the default folder must not be consulted');
};

function isNova(code: string, includes: string[] = []) {
  return (err: unknown) => {
    assert.ok(err instanceof NovaError, `NovaError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    for (const s of includes) assert.ok(err.message.includes(s), `${JSON.stringify(s)} in: ${err.message}`);
    return true;
  };
}

describe('DuckDB-WASM file URLs', () => {
  it('explicit mainModule/mainWorker (e.g. hashed bundler assets) resolve against the page, names kept', () => {
    const u = duckdbUrls({ duckdbBundle: { mainModule: '/assets/duckdb-eh-3f2a91.wasm', mainWorker: '../w/duckdb-browser-eh.worker-77c1.js' } }, PAGE, noDefault);
    assert.deepEqual(u, {
      mainModule: 'https://intranet.example/assets/duckdb-eh-3f2a91.wasm',
      mainWorker: 'https://intranet.example/w/duckdb-browser-eh.worker-77c1.js',
      from: 'duckdbBundle',
    });
    const abs = duckdbUrls({ duckdbBundle: { mainModule: 'https://cdn.intra/x.wasm', mainWorker: 'blob:https://intranet.example/1234' } }, PAGE, noDefault);
    assert.equal(abs.mainModule, 'https://cdn.intra/x.wasm');
    assert.equal(abs.mainWorker, 'blob:https://intranet.example/1234');
  });

  it('a folder URL (with or without the trailing slash) holds both files under their npm names', () => {
    for (const folder of ['/static/duckdb/', '/static/duckdb']) {
      assert.deepEqual(duckdbUrls({ duckdbBundleUrl: folder }, PAGE, noDefault), {
        mainModule: 'https://intranet.example/static/duckdb/duckdb-eh.wasm',
        mainWorker: 'https://intranet.example/static/duckdb/duckdb-browser-eh.worker.js',
        from: 'duckdbBundleUrl',
      });
    }
  });

  it('without options: the default folder', () => {
    const u = duckdbUrls({}, PAGE, () => 'https://intranet.example/vendor/nova/duckdb/');
    assert.equal(u.mainModule, 'https://intranet.example/vendor/nova/duckdb/duckdb-eh.wasm');
    assert.equal(u.from, 'default');
  });

  it('half a bundle, both options, non-strings and non-http URLs are rejected by name', () => {
    const bad: [unknown, string[]][] = [
      [{ duckdbBundle: { mainModule: '/a.wasm' } }, ['duckdbBundle.mainWorker']],
      [{ duckdbBundle: { mainWorker: '/w.js' } }, ['duckdbBundle.mainModule']],
      [{ duckdbBundle: { mainModule: '', mainWorker: '/w.js' } }, ['duckdbBundle.mainModule', '""']],
      [{ duckdbBundle: { mainModule: 42, mainWorker: '/w.js' } }, ['duckdbBundle.mainModule', 'number']],
      [{ duckdbBundle: null }, ['duckdbBundle must be']],
      [{ duckdbBundle: { mainModule: '/a.wasm', mainWorker: '/w.js' }, duckdbBundleUrl: '/d/' }, ['not both']],
      [{ duckdbBundle: { mainModule: 'javascript:alert(1)', mainWorker: '/w.js' } }, ['http(s)', 'javascript:alert(1)']],
      [{ duckdbBundleUrl: 'file:///etc/' }, ['duckdbBundleUrl', 'http(s)']],
      [{ duckdbBundleUrl: 'data:text/javascript,1' }, ['duckdbBundleUrl']],
    ];
    for (const [opts, words] of bad) {
      assert.throws(() => duckdbUrls(opts as never, PAGE, noDefault), isNova('invalid_argument', words), JSON.stringify(opts));
    }
    // Relative URLs need a page to resolve against.
    assert.throws(() => duckdbUrls({ duckdbBundleUrl: 'duckdb/' }, undefined, noDefault), isNova('invalid_argument', ['is not a URL']));
  });

  it('the versions named in errors are the peer dependency versions package.json declares', () => {
    assert.equal(pkg.peerDependencies[DUCKDB_WASM.name], DUCKDB_WASM.version);
    assert.equal(pkg.peerDependencies[DUCKDB_NODE_API.name], DUCKDB_NODE_API.version);
    // DuckDB-WASM is a required peer (npm installs it, or says it is missing); native DuckDB is optional.
    assert.notEqual(pkg.peerDependenciesMeta?.[DUCKDB_WASM.name]?.optional, true);
    assert.equal(pkg.peerDependenciesMeta?.[DUCKDB_NODE_API.name]?.optional, true);
    const installed = JSON.parse(readFileSync(join(import.meta.dirname, '../../../node_modules/@duckdb/duckdb-wasm/package.json'), 'utf8'));
    assert.equal(installed.version, DUCKDB_WASM.version, 'tested against the declared version');
  });

  it('a DuckDB-WASM package that cannot be imported: the error names the package, version and install command', async () => {
    await assert.rejects(
      importDuckdbWasm(() => import('@duckdb/duckdb-wasm-not-installed' as string)),
      isNova('engine_unavailable', ['@duckdb/duckdb-wasm@1.32.0', 'npm install @duckdb/duckdb-wasm@1.32.0']),
    );
    // A bundler's stub for a missing module: it evaluates, but has no API.
    await assert.rejects(importDuckdbWasm(async () => ({ default: {} })), isNova('engine_unavailable', ['@duckdb/duckdb-wasm@1.32.0', 'no AsyncDuckDB']));
  });
});

describe('the browser entry used from Node', () => {
  const closers: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of closers) await c();
  });

  it('a relative gold path says to use @nova-corrente/core/node', async () => {
    for (const url of ['./gold', 'gold/', '../data/gold']) {
      await assert.rejects(createBrowserClient({ url }), isNova('invalid_argument', [JSON.stringify(url), '@nova-corrente/core/node']));
    }
  });

  it('sql() over HTTP says to use @nova-corrente/core/node; typed queries still work', async () => {
    const srv = await startStaticServer({ mounts: [{ prefix: '/gold/', dir: goldDir() }] });
    closers.push(() => srv.close());
    const nova = await createBrowserClient({ url: `${srv.url}/gold/` });
    closers.push(() => nova.close());
    const { total } = await nova.items({ limit: 1 });
    assert.equal(total, nova.manifest.tables.dim_item.rows);
    await assert.rejects(nova.sql('SELECT 1 AS one'), isNova('engine_unavailable', ['Web Worker', '@nova-corrente/core/node']));
  });

  it('bad DuckDB options fail at createClient, before any sql()', async () => {
    await assert.rejects(
      createBrowserClient({ url: 'http://127.0.0.1:9/gold/', duckdbBundle: { mainModule: 'http://127.0.0.1:9/a.wasm' } as never }),
      isNova('invalid_argument', ['duckdbBundle.mainWorker']),
    );
  });
});
