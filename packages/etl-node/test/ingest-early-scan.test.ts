/**
 * The consumption and inventory logs' byte pass runs on a worker thread while the main thread
 * reads the catalogue (ingest/early-scan.ts). The worker's verdict must be the byte pass's, and
 * whenever it says "direct" but the header search would not end on line 1, or it says nothing
 * (a bad file, a file it cannot read, a worker stopped), the file is read the usual way: the
 * rows, line numbers, skipped title rows and rejects a person sees are those of the record pass,
 * written here by hand. The unlucky cases: a title row as wide as the header, a header row set
 * in the config, a bad file found by the worker, an ingest error while the worker still scans.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, type NovaConfig } from '../src/config.js';
import { startEarlyScans } from '../src/ingest/early-scan.js';
import { ingestRaw } from '../src/ingest/index.js';
import { pausedCli, query, runCli, tempDir } from './helpers.ts';

const HEADER = 'data;codigo;deposito;quantidade';

/** Scans the given files (name → content) on the worker; returns each answer. */
async function scanned(files: Record<string, string | Buffer>) {
  const dir = tempDir();
  const reqs = Object.entries(files).map(([file, body]) => {
    writeFileSync(join(dir, file), body);
    return { path: join(dir, file), file };
  });
  reqs.push({ path: join(dir, 'absent.csv'), file: 'absent.csv' });
  const scans = startEarlyScans(reqs);
  try {
    await scans.finished; // every file the worker's (none taken by this thread)
    return Object.fromEntries(await Promise.all(reqs.map(async (r) => [r.file, await scans.claim(r.file)] as const)));
  } finally {
    await scans.stop();
  }
}

/** A raw folder with a clean catalogue and the given consumption file; the consumption file as ingested, with its rows. */
async function ingested(body: string, config: NovaConfig = structuredClone(DEFAULT_CONFIG)) {
  const dir = tempDir();
  const raw = join(dir, 'raw');
  mkdirSync(raw);
  writeFileSync(join(raw, 'items.csv'), 'item_id;name\nI0;x\nI1;y\n');
  writeFileSync(join(raw, 'consumption.csv'), body);
  const files = await ingestRaw(raw, config, join(dir, 'staging'));
  const f = files.find((x) => x.file === 'consumption.csv')!;
  const rows = f.relation
    ? await query<{ _line: number; date: string; item_id: string; site_id: string; quantity: string }>(
        `SELECT _line::INTEGER AS _line, date, item_id, site_id, quantity FROM (${f.relation}) ORDER BY _line`)
    : [];
  return { f, rows };
}

describe('the scan worker', () => {
  it("answers each log as the byte pass would: a clean one with its lines counted, any other with nothing", async () => {
    const clean = `${HEADER}\n01/01/2026;I0;SSA;3\n02/01/2026;I1;SSA;4\n03/01/2026;I0;FOR;5\n`;
    const a = await scanned({
      'clean.csv': clean,
      'bom.csv': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(clean)]),
      'padded.csv': clean.replace(';4\n', '; 4\n'),
      'tabs.tsv': clean.replaceAll(';', '\t'),
      'no-newline-at-end.csv': clean.slice(0, -1),
      'header-only.csv': `${HEADER}\n`,
      'quoted.csv': clean.replace('I1', '"I1"'),
      'crlf.csv': clean.replaceAll('\n', '\r\n'),
      'ragged.csv': `${clean}04/01/2026;I0;SSA\n`,
      'blank-line.csv': clean.replace('\n02/', '\n\n02/'),
      'blank-row.csv': clean.replace('\n02/', '\n;;;\n02/'),
      'sep-line.csv': `sep=;\n${clean}`,
      'windows-1252.csv': Buffer.concat([Buffer.from(`${HEADER}\n01/01/2026;I0;S`), Buffer.from([0xe3]), Buffer.from('O;3\n')]),
      'damaged-utf8.csv': Buffer.concat([Buffer.from(`${HEADER}\n01/01/2026;I0;S\u00e3`), Buffer.from([0xff]), Buffer.from('O;3\n')]),
      'replacement-char.csv': `${HEADER}\n01/01/2026;I0;S\uFFFDO;3\n`,
      'binary.csv': Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0, 1, 2, 0x0a])]),
    });
    const bytes = Buffer.byteLength(clean);
    assert.deepEqual(a['clean.csv'], { bytes, delimiter: ';', head: HEADER, width: 4, scan: { rows: 3, padded: false } });
    assert.deepEqual(a['bom.csv'], { bytes: bytes + 3, delimiter: ';', head: HEADER, width: 4, scan: { rows: 3, padded: false } });
    assert.deepEqual(a['padded.csv'], { bytes: bytes + 1, delimiter: ';', head: HEADER, width: 4, scan: { rows: 3, padded: true } });
    assert.deepEqual(a['tabs.tsv'], { bytes, delimiter: '\t', head: HEADER.replaceAll(';', '\t'), width: 4, scan: { rows: 3, padded: false } });
    assert.deepEqual(a['no-newline-at-end.csv'], { bytes: bytes - 1, delimiter: ';', head: HEADER, width: 4, scan: { rows: 3, padded: false } });
    assert.deepEqual(a['header-only.csv'], { bytes: HEADER.length + 1, delimiter: ';', head: HEADER, width: 4, scan: { rows: 0, padded: false } });
    for (const f of ['quoted.csv', 'crlf.csv', 'ragged.csv', 'blank-line.csv', 'blank-row.csv', 'sep-line.csv', 'windows-1252.csv', 'damaged-utf8.csv', 'replacement-char.csv', 'binary.csv', 'absent.csv']) {
      assert.equal(a[f], null, f);
    }
  });

  it('a file claimed before the worker starts on it is the caller\'s: the worker skips it', async () => {
    const dir = tempDir();
    const clean = `${HEADER}\n01/01/2026;I0;SSA;3\n`;
    for (const f of ['a.csv', 'b.csv']) writeFileSync(join(dir, f), clean);
    const scans = startEarlyScans(['a.csv', 'b.csv'].map((file) => ({ path: join(dir, file), file })));
    // Claimed in the same tick as the worker is created: it cannot have started on it.
    assert.equal(scans.claim('b.csv'), null);
    await scans.finished;
    assert.equal((await scans.claim('a.csv'))?.scan.rows, 1);
    assert.equal(scans.claim('b.csv'), null); // claimed once: it stays the caller's
    assert.equal(scans.claim('other.csv'), null);
  });

  it('a worker stopped mid-scan ends, and what it had not answered is null', async () => {
    const dir = tempDir();
    // ~60 MB: the worker is usually still reading or scanning it when stopped (if it has
    // answered already, the answer must be the file's).
    const line = '01/01/2026;I0;SSA;3\n';
    writeFileSync(join(dir, 'big.csv'), `${HEADER}\n${line.repeat(3_000_000)}`);
    const scans = startEarlyScans([{ path: join(dir, 'big.csv'), file: 'big.csv' }]);
    await new Promise((r) => setTimeout(r, 150));
    const answer = scans.claim('big.csv'); // null: the worker had not started (then it never will)
    await scans.stop();
    await scans.finished; // the thread is gone
    const a = await answer;
    assert.ok(a === null || a.scan.rows === 3_000_000, JSON.stringify(a));
  });
});

describe('a log the worker found clean but whose header is not on line 1', () => {
  it('a title row as wide as the header: the record pass reads it, the title row skipped', async () => {
    // Line 1 has four fields, like the header, and no quote: the worker's scan (width 4) says
    // "direct", but the header search skips line 1.
    const { f, rows } = await ingested(`Relatorio;consumo;2026;SSA\n${HEADER}\n01/01/2026;I0;SSA;3\n02/01/2026;I1;FOR;4\n`);
    assert.deepEqual(f.skippedRows, [{ line: 1, text: 'Relatorio;consumo;2026;SSA' }]);
    assert.equal(f.rowsRead, 2);
    assert.deepEqual(f.rejects, []);
    assert.deepEqual(rows, [
      { _line: 3, date: '01/01/2026', item_id: 'I0', site_id: 'SSA', quantity: '3' },
      { _line: 4, date: '02/01/2026', item_id: 'I1', site_id: 'FOR', quantity: '4' },
    ]);
    assert.match(f.relation!, /read_csv\('[^']*staging/); // the staging CSV of the record pass, not the raw file
  });

  it('header_row of the config names line 2: the record pass reads from line 3', async () => {
    const config = structuredClone(DEFAULT_CONFIG);
    config.header_row = { 'consumption.csv': 2 };
    // Line 1 would be accepted as a header too; the config says line 2.
    const { f, rows } = await ingested(`${HEADER}\n${HEADER}\n01/01/2026;I0;SSA;3\n`, config);
    assert.deepEqual(f.skippedRows, [{ line: 1, text: HEADER }]);
    assert.deepEqual(rows, [{ _line: 3, date: '01/01/2026', item_id: 'I0', site_id: 'SSA', quantity: '3' }]);
  });

  it('header_row names a line past the end: the file is unreadable, as without the worker', async () => {
    const config = structuredClone(DEFAULT_CONFIG);
    config.header_row = { 'consumption.csv': 9 };
    const { f } = await ingested(`${HEADER}\n01/01/2026;I0;SSA;3\n`, config);
    assert.equal(f.status, 'unreadable');
    assert.deepEqual(f.rejects.map((r) => [r.line, r.code, r.reason]), [[1, 'unreadable_file', 'consumption.csv: header_row 9 is not a non-empty row of the file']]);
  });

  it('a ragged last line the worker finds: the record pass quarantines exactly that line', async () => {
    const { f, rows } = await ingested(`${HEADER}\n01/01/2026;I0;SSA;3\n02/01/2026;I1;FOR\n`);
    assert.deepEqual(f.rejects.map((r) => [r.line, r.code, r.raw]), [[3, 'ragged_row', '02/01/2026;I1;FOR']]);
    assert.deepEqual(rows, [{ _line: 2, date: '01/01/2026', item_id: 'I0', site_id: 'SSA', quantity: '3' }]);
  });
});

/** A demo raw folder and its gold, built once (a previous snapshot for the crash tests). */
async function demo() {
  const dir = tempDir();
  const r = await runCli(['demo', '--out', dir, '--items', '200', '--days', '300', '--seed', '3', '--as-of', '2026-05-31', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  return { raw: join(dir, 'raw'), gold: join(dir, 'gold'), work: join(dir, 'gold.work') };
}

/** Items, sites and one forecast; a 1.5 M-line consumption log the worker is still scanning. */
function rawWithLargeLog(config?: object) {
  const dir = tempDir();
  const raw = join(dir, 'raw');
  mkdirSync(join(raw, 'forecasts'), { recursive: true });
  writeFileSync(join(raw, 'items.csv'), 'item_id;name\nI0;x\n');
  writeFileSync(join(raw, 'sites.csv'), 'site_id;name\nSSA;Salvador\n');
  writeFileSync(join(raw, 'consumption.csv'), `${HEADER}\n${'01/01/2026;I0;SSA;3\n'.repeat(1_500_000)}`);
  writeFileSync(join(raw, 'forecasts', 'f.csv'),
    'item_id;site_id;date;forecast;source;model_version;generated_at;dataset_id\nI0;SSA;2026-01-02;1;m;1;2026-01-01T00:00:00Z;d\n');
  if (config) writeFileSync(join(raw, 'nova.config.json'), JSON.stringify(config));
  const gold = join(dir, 'gold');
  const work = `${gold}.work`;
  return { raw, gold, work, itemsBronze: join(work, 'bronze', 'items'), itemsSilver: join(work, 'silver', 'items.parquet') };
}
describe('the CLI while the worker scans', () => {
  it('a build killed while the worker scans leaves the previous snapshot serving; the next build publishes', async () => {
    const { raw, gold, work } = await demo();
    const before = readFileSync(join(gold, 'manifest.json'), 'utf8');
    const { child, closed } = await pausedCli(['build', '--input', raw, '--out', gold, '--quiet'], 'ingest:scanning');
    child.kill('SIGKILL');
    assert.equal((await closed).signal, 'SIGKILL');
    assert.equal(readFileSync(join(gold, 'manifest.json'), 'utf8'), before);
    assert.equal((await runCli(['validate', gold])).code, 0);
    const next = await runCli(['build', '--input', raw, '--out', gold, '--quiet']);
    assert.equal(next.code, 0, next.stderr);
    assert.notEqual(readFileSync(join(gold, 'manifest.json'), 'utf8'), before);
    assert.deepEqual(existsSync(join(work, 'staging')) ? readdirSync(join(work, 'staging')) : [], []);
  });

  it('a build failing while the worker scans exits 1 with its error, promptly, and publishes nothing', async () => {
    const { raw, gold } = await demo();
    const before = readFileSync(join(gold, 'manifest.json'), 'utf8');
    const r = await runCli(['build', '--input', raw, '--out', gold, '--quiet'], { env: { NOVA_FAIL_AT: 'ingest:scanning' } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /injected failure at ingest:scanning/);
    assert.equal(readFileSync(join(gold, 'manifest.json'), 'utf8'), before);
  });

  it('an error in the catalogue, found while the worker still scans a large log, ends the build as before', async () => {
    const dir = tempDir();
    const raw = join(dir, 'raw');
    mkdirSync(raw);
    writeFileSync(join(raw, 'items.csv'), 'item_id;name\nI0;x\n');
    writeFileSync(join(raw, 'sites.csv'), 'site_id;name\nSSA;Salvador\n');
    writeFileSync(join(raw, 'consumption.csv'), `${HEADER}\n${'01/01/2026;I0;SSA;3\n'.repeat(1_500_000)}`);
    mkdirSync(join(raw, 'forecasts'));
    // The config maps a header of the items file to a column items do not have: a usage error
    // raised on the main thread while reading items.csv, first of the inputs.
    writeFileSync(join(raw, 'nova.config.json'), JSON.stringify({ mapping: { items: { name: 'quantity' } } }));
    const r = await runCli(['build', '--input', raw, '--out', join(dir, 'gold'), '--quiet']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /config mapping\.items: "name" → "quantity" is not a items column/);
  });

  // The build opens its DuckDB once the worker runs (ADR 0006, session 15): DuckDB refusing a
  // memory cap (one it cannot set: 10^11 TB) is DuckDB's own error, exit 1, as when it opened first.
  it('DuckDB failing to open while the worker scans a large log: its error, exit 1, no scratch left, the next build publishes', async () => {
    const { raw, gold } = rawWithLargeLog();
    const r = await runCli(['build', '--input', raw, '--out', gold, '--as-of', '2026-01-01', '--memory-limit', '99999999999TB', '--quiet']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, 'nova-etl build: Failed to set config\n');
    assert.equal(existsSync(join(gold, 'manifest.json')), false, 'nothing published');
    assert.deepEqual(readdirSync(join(`${gold}.work`, 'staging')), [], 'no staging folder left');
    const next = await runCli(['build', '--input', raw, '--out', gold, '--as-of', '2026-01-01', '--quiet']);
    assert.equal(next.code, 0, next.stderr);
  });

  // Once the catalogue, the sites and the forecasts are read, their bronze and silver tables (and
  // the macros, the quarantine) are made while the worker may still scan the logs (ADR 0006,
  // session 15). The errors stay those of the read first, then of the catalogue's bronze and silver;
  // their silver files are written only after the read succeeded. The failure beside the read is a
  // real one: a file where the catalogue's bronze folder goes (its copy cannot be written).
  describe('the catalogue\'s silver beside the read of the logs', () => {
    const build = (raw: string, gold: string, env: Record<string, string> = {}) =>
      runCli(['build', '--input', raw, '--out', gold, '--as-of', '2026-01-01', '--quiet'], { env });
    /** A file where the catalogue's bronze folder goes. */
    const block = (path: string) => {
      rmSync(path, { recursive: true, force: true });
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, 'a file where the bronze folder goes');
    };

    it('the catalogue\'s bronze copy fails beside the read: its error after the read, exit 1, nothing published; the next build publishes', async () => {
      const { raw, gold, work, itemsBronze, itemsSilver } = rawWithLargeLog();
      block(itemsBronze);
      const r = await build(raw, gold);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /bronze\/items/);
      assert.equal(existsSync(join(gold, 'manifest.json')), false);
      assert.equal(existsSync(itemsSilver), false, 'no silver file');
      assert.deepEqual(readdirSync(join(work, 'staging')), [], 'no staging folder left');
      rmSync(itemsBronze);
      const next = await build(raw, gold);
      assert.equal(next.code, 0, next.stderr);
    });

    it('a usage error in a log\'s mapping, raised while the catalogue\'s silver runs, wins over that silver\'s failure: exit 2, its message, no silver file written', async () => {
      // "quantidade" is the log's quantity header; mapped to a column consumption does not have.
      const { raw, gold, work, itemsBronze } = rawWithLargeLog({ mapping: { consumption: { quantidade: 'name' } } });
      for (const blocked of [false, true]) {
        if (blocked) block(itemsBronze);
        const r = await build(raw, gold);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /config mapping\.consumption: "quantidade" → "name" is not a consumption column/);
        assert.doesNotMatch(r.stderr, /bronze\/items/);
        assert.equal(existsSync(join(gold, 'manifest.json')), false);
        assert.equal(existsSync(join(work, 'silver')), false, 'a failed read writes no silver file');
      }
    });

    it('the sites\' bronze copy fails beside the read: the items\' silver file is still written first; with that file blocked too, its error (items come first)', async () => {
      const { raw, gold, work, itemsSilver } = rawWithLargeLog();
      const sitesBronze = join(work, 'bronze', 'sites');
      block(sitesBronze);
      const r = await build(raw, gold);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /bronze\/sites/);
      const [n] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet('${itemsSilver}')`);
      assert.equal(Number(n.n), 1, 'the items\' silver file, whole (one item)');
      rmSync(itemsSilver);
      mkdirSync(itemsSilver);
      writeFileSync(join(itemsSilver, 'keep'), 'a folder where the silver file goes');
      const both = await build(raw, gold);
      assert.equal(both.code, 1, both.stderr);
      assert.match(both.stderr, /items\.parquet/);
      assert.doesNotMatch(both.stderr, /bronze\/sites/);
      assert.equal(existsSync(join(gold, 'manifest.json')), false);
    });

    it('a build failing right after the read (NOVA_FAIL_AT=build:staged) exits 1 with its error and leaves no scratch; killed there (kill -9), the previous snapshot serves and the next build publishes', async () => {
      const { raw, gold } = rawWithLargeLog();
      assert.equal((await build(raw, gold)).code, 0);
      const before = readFileSync(join(gold, 'manifest.json'), 'utf8');
      const failed = await build(raw, gold, { NOVA_FAIL_AT: 'build:staged' });
      assert.equal(failed.code, 1, failed.stderr);
      assert.equal(failed.stderr, 'nova-etl build: injected failure at build:staged (NOVA_FAIL_AT)\n');
      assert.equal(readFileSync(join(gold, 'manifest.json'), 'utf8'), before);
      assert.deepEqual(readdirSync(join(`${gold}.work`, 'staging')), []);
      const { child, closed } = await pausedCli(['build', '--input', raw, '--out', gold, '--as-of', '2026-01-01', '--quiet'], 'build:staged');
      child.kill('SIGKILL');
      assert.equal((await closed).signal, 'SIGKILL');
      assert.equal(readFileSync(join(gold, 'manifest.json'), 'utf8'), before);
      assert.equal((await runCli(['validate', gold])).code, 0);
      const next = await build(raw, gold);
      assert.equal(next.code, 0, next.stderr);
      assert.notEqual(readFileSync(join(gold, 'manifest.json'), 'utf8'), before);
      assert.deepEqual(readdirSync(join(`${gold}.work`, 'staging')), []);
    });
  });

  it('a DuckDB that cannot open: its error, as when it opened before the read; a raw folder that is not there: a usage error before anything is made', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'empty'));
    const r = await runCli(['build', '--input', join(dir, 'empty'), '--out', join(dir, 'gold'), '--memory-limit', '99999999999TB', '--quiet']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, 'nova-etl build: Failed to set config\n');
    const other = tempDir();
    const alone = await runCli(['build', '--input', join(other, 'absent'), '--out', join(other, 'gold'), '--quiet']);
    assert.equal(alone.code, 2, alone.stderr);
    assert.equal(alone.stderr.split('\n')[0], `nova-etl build: raw folder ${join(other, 'absent')} does not exist (--input)`);
    // No gold root, lock or work folder left behind.
    assert.deepEqual(readdirSync(other), []);
    writeFileSync(join(other, 'a-file'), 'x');
    const file = await runCli(['build', '--input', join(other, 'a-file'), '--out', join(other, 'gold'), '--quiet']);
    assert.equal(file.code, 2, file.stderr);
    assert.match(file.stderr, /raw folder .*a-file is a file, not a folder \(--input\)/);
    assert.deepEqual(readdirSync(other), ['a-file']);
  });
});
