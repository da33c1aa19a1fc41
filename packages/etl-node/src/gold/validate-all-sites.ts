import { ALL_SITES, WHOLE_ITEM_SITE } from '@nova-corrente/core/contract';
import type { Db } from '../db.js';

/**
 * nova-gold/1.5's all-sites rule where it shows in the layout (contract `allSitesRows`): `agg_daily`
 * has all-sites rows (`site_id` '', `ALL_SITES`) exactly when some item has `fact_forecast` rows both
 * at `WHOLE_ITEM_SITE` (a forecast without a site) and at other sites; readers then take the
 * all-sites figures from them instead of summing the sites' rows, which would count that item twice.
 * `fact` and `daily` are relations (a table, a view or a `read_parquet(...)`). Returns the problem, or null.
 */
export async function allSitesProblem(db: Db, fact: string, daily: string): Promise<string | null> {
  const r = await db.one<{ item: string | null; has: boolean }>(
    `SELECT (SELECT min(item_id) FROM (SELECT item_id FROM ${fact} GROUP BY item_id
               HAVING bool_or(site_id = '${WHOLE_ITEM_SITE}') AND bool_or(site_id <> '${WHOLE_ITEM_SITE}'))) AS item,
            EXISTS (SELECT 1 FROM ${daily} WHERE site_id = '${ALL_SITES}') AS has`,
  );
  const item = r?.item ?? null;
  if (item !== null && !r?.has) {
    return `agg_daily has no all-sites rows (site_id ''), but item ${JSON.stringify(item)} has forecasts both without a site (site ${WHOLE_ITEM_SITE}) and per site: a reader summing the sites would count it twice`;
  }
  if (item === null && r?.has) return `agg_daily has all-sites rows (site_id ''), but no item has forecasts both without a site and per site`;
  return null;
}
