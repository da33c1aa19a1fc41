import { DataError } from '../errors.js';

/** The layout and contract rules `nova-etl seal` enforces (docs/scale.md names each). */
export type SealRule =
  | 'layout' | 'no-symlinks' | 'parquet' | 'missing-table' | 'columns' | 'null-key' | 'sort' | 'placement'
  | 'row-group-size' | 'file-size' | 'statistics' | 'compression' | 'contract' | 'search-tokens' | 'item-label' | 'all-sites';

/** A refused input: exit code 1, naming the rule broken and the file. */
export class SealError extends DataError {
  constructor(readonly rule: SealRule, readonly file: string, detail: string) {
    super(`seal refused: ${file} ${detail} [rule ${rule}]`);
  }
}
