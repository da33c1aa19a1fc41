import { css } from 'lit';

export const forecastChartStyles = css`
  :host {
    --_forecast: var(--nova-series-forecast, var(--_primary));
    --_actual: var(--nova-series-actual, var(--_fg));
    --_band: var(--nova-series-band, var(--_primary));
    --_band-opacity: var(--nova-band-opacity, 0.18);
    --_future: var(--nova-future-fill, var(--_grid));
  }
  .forecast.line {
    stroke: var(--_forecast);
  }
  .stems.actual {
    fill: none;
    stroke: var(--_actual);
    stroke-opacity: 0.55;
  }
  .band {
    fill: var(--_band);
    fill-opacity: var(--_band-opacity);
    stroke: none;
  }
  .boundary .future {
    fill: var(--_future);
    fill-opacity: 0.5;
  }
  .boundary .as-of {
    stroke: var(--_muted);
    stroke-dasharray: 4 3;
  }
  .boundary text {
    fill: var(--_muted);
    font-size: 11px;
  }
  .dot.forecast {
    fill: var(--_forecast);
  }
  .dot.actual {
    fill: var(--_actual);
  }
  .legend .swatch.forecast {
    background: var(--_forecast);
  }
  .legend .swatch.actual {
    background: var(--_actual);
    opacity: 0.55;
    width: 4px;
    height: 12px;
  }
  .legend .swatch.band {
    background: var(--_band);
    opacity: 0.4;
    height: 10px;
  }
  .item-id {
    color: var(--_muted);
    font-weight: normal;
    font-size: 0.9em;
  }
`;
