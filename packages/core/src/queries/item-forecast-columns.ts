import { columnsOf } from '../contract/rows.js';

/**
 * The `fact_forecast` columns an item's charts read: the ones a forecast chart draws and the keys
 * its rows are matched by, nothing else fetched or decoded. The forecast chart's series (`timeseries`) and
 * the inventory chart's projection (`inventory`) read the same list, so the reader's decoded row
 * groups (kept per group and column list) serve both from one request and one decode.
 */
export const ITEM_FORECAST_COLUMNS = columnsOf('fact_forecast', ['item_id', 'site_id', 'source', 'date', 'forecast', 'forecast_lo', 'forecast_hi', 'actual']);
