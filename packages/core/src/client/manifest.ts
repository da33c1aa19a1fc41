import { CONTRACTS, checkManifest, contractVersion, withContractColumns, type Manifest } from '../contract/index.js';
import { NovaError } from '../errors.js';
import type { ByteSource } from '../io/source.js';

/** Reads `manifest.json` at the gold root, checks it against the contract it declares and fills in what nova-gold/1.2 leaves to the contract (columns, sort keys). */
export async function loadManifest(source: ByteSource, opts: { signal?: AbortSignal; revalidate?: boolean } = {}): Promise<Manifest> {
  const where = source.describe('manifest.json');
  const text = await source.text('manifest.json', opts);
  if (text === null) {
    throw new NovaError('manifest_missing', `manifest.json not found at ${where} (HTTP 404 / no such file): check the url points at a gold root (the folder nova-etl publishes, holding manifest.json and snapshots/)`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new NovaError('contract_mismatch', `${where} is not valid JSON (${(err as Error).message}): the manifest is damaged or the url points at something else`, { cause: err });
  }
  const contract = (value as { contract?: unknown } | null)?.contract;
  if (contractVersion(contract) === null) {
    throw new NovaError('contract_mismatch', `${where} declares contract ${JSON.stringify(contract)} but this SDK reads ${CONTRACTS.map((c) => `"${c}"`).join(' and ')}: upgrade @nova-corrente/core or rebuild the gold with a matching nova-etl`);
  }
  const problems = checkManifest(value);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    throw new NovaError('contract_mismatch', `${where} does not conform to ${String(contract)}: ${shown}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}; run \`nova-etl validate\` on the gold root`);
  }
  return withContractColumns(value as Manifest);
}
