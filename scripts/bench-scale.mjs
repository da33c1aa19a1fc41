#!/usr/bin/env node
// ETL at catalogue scale (issue 13): generates a 50,000-item × 1,000-day demo (~50 M forecast
// rows) and builds it on this machine, once by default, beside the plain-DuckDB floor on the same
// raw files. Prints generation and build wall time separately, CPU time, peak RSS of the process
// tree, disk used by the gold, the work folder and DuckDB's spill folder (at its peak), the
// manifest size, the stages, and the load average. Goal: build ≤ 180 s and ≤ 3 GB RSS.
// Smaller quick runs: --items 5000 --days 365 (or NOVA_BENCH_ITEMS / NOVA_BENCH_DAYS); also
// --runs R --memory-limit SIZE --threads N --dir DIR --raw DIR (an existing demo raw folder) --keep. See scripts/bench-etl/bench.mjs.
// Needs ~2 GB of free disk for raw, gold, work and spill (deleted at the end unless --keep/--dir).
import { parseArgs } from 'node:util';
import { benchOptions, runBench } from './bench-etl/bench.mjs';

const o = benchOptions(parseArgs, { items: '50000', days: '1000', runs: '1' });
process.exitCode = await runBench({ ...o, title: 'nova-etl at scale', targets: { buildSeconds: 180, peakBytes: 3 * 1024 ** 3 } });
