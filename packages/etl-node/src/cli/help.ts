import { CONTRACT, CONTRACTS } from '@nova-corrente/core/contract';

/** The contracts `validate` reads, newest first ("nova-gold/1.5, 1.4, … or 1"). */
const readable = [...CONTRACTS].reverse().map((c, i) => (i === 0 ? c : c.replace('nova-gold/', '')));

/** Usage text of `nova-etl` (the contract versions come from the contract module). */
export const HELP = `nova-etl — ERP exports + precomputed ML forecasts → gold Parquet (contract ${CONTRACT})

Usage:
  nova-etl demo --out DIR [--items N] [--days D] [--seed S] [--as-of YYYY-MM-DD] [--grain day|week|month]
      Writes a realistic raw dataset to DIR/raw and builds gold at DIR/gold.
  nova-etl build --input RAW --out GOLD [--grain day|week|month] [--config FILE] [--work DIR] [--as-of YYYY-MM-DD] [--allow-partial]
      raw → bronze → silver → gold; publishes a new snapshot and swaps manifest.json last.
      Config defaults to RAW/nova.config.json when present. --as-of: last date with actuals
      (default: the last consumption or inventory date, never after today); rows dated later
      are quarantined. The quality gate fails the build (exit 1, nothing published) when a file
      is empty, header-only or unreadable, or more than max_reject_fraction (default 5 %) of an
      input's rows are quarantined; --allow-partial publishes anyway and records it.
      One build per GOLD at a time: another one exits 2 naming the running build.
  build and demo also take [--memory-limit SIZE] [--temp-dir DIR] [--threads N]
      DuckDB's memory cap (default: a quarter of the machine's memory, at most 1600MB; beyond it
      DuckDB spills to disk), its spill folder (default GOLD.work/duckdb-tmp) and threads
      (default: every CPU). Also NOVA_DUCKDB_MEMORY, NOVA_DUCKDB_TEMP, NOVA_DUCKDB_THREADS.
  nova-etl validate GOLD [--json]
      Checks a gold root against the contract its manifest declares (${readable.slice(0, -1).join(', ')} or ${readable.at(-1)}; also gold written by other tools).
  nova-etl seal FOLDER --out GOLD [--grain day|week|month] [--as-of YYYY-MM-DD] [--keep N]
      Turns Parquet files written by another engine (Spark, Trino, DuckDB; layout in docs/scale.md)
      into a snapshot of GOLD: checks the contract and layout rules (exit 1 naming the rule and
      the file), writes the derived tables, file indexes and manifest, swaps manifest.json.
  nova-etl publish --from GOLD --to s3://bucket/prefix [--endpoint URL] [--keep N] [--config FILE]
      Uploads the snapshot files, then the manifest, then prunes (--keep defaults to
      keep_snapshots of the config, 5). The live snapshot and its previous one are never pruned. Credentials only from the environment
      (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION; AWS_ENDPOINT_URL for MinIO).
  nova-etl rollback GOLD|s3://bucket/prefix [--snapshot ID] [--endpoint URL]
      Points the manifest back to a complete kept snapshot (default: the previous one).
  nova-etl inspect GOLD [--json]
      Manifest summary: snapshot, freshness, tables, rows, ML metadata, quality.
  nova-etl doctor GOLD_URL [--origin PAGE_ORIGIN] [--max-age DAYS] [--json]
      Checks a deployed gold over HTTP the way a browser reads it: manifest, every file and its
      size, Range (206), CORS for the page origin, content types, caching, freshness.
      Exit 0 healthy, 1 with one line per problem and its fix.

Options for every command:
  --json      machine-readable output on stdout
  --quiet     no progress on stderr
  -h, --help  this text

  nova-etl --version
      The package version.

Exit codes: 0 success, 1 data rejected (quality gate) or validation failed, 2 usage error or
another build/publish holding the output's lock.
`;
