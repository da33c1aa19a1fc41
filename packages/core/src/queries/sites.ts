import type { Snapshot } from '../client/snapshot.js';
import type { Site } from '../types.js';

/** `sites()`: every row of `dim_site` (id, name, state, region), sorted by id; read once per snapshot. */
export async function sites(snap: Snapshot, signal?: AbortSignal): Promise<Site[]> {
  const rows = (await snap.table('dim_site', signal)) as unknown as Site[];
  return rows.map((r) => ({ site_id: r.site_id, name: r.name, state: r.state, region: r.region })).sort((a, b) => (a.site_id < b.site_id ? -1 : a.site_id > b.site_id ? 1 : 0));
}
