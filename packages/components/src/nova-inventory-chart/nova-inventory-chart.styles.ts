import { css } from 'lit';

export const inventoryChartStyles = css`
  :host {
    --_on-hand: var(--nova-series-on-hand, var(--_primary));
    --_reorder: var(--nova-series-reorder, var(--_accent));
    --_safety: var(--nova-series-safety, var(--_danger));
    --_projected: var(--nova-series-projected, var(--_on-hand));
    --_order: var(--nova-series-order, var(--_fg));
  }
  .projected.line {
    stroke: var(--_projected);
    stroke-dasharray: 5 4;
  }
  .dot.count {
    fill: var(--_on-hand);
  }
  .dot.projected {
    fill: var(--_projected);
  }
  .order line {
    stroke: var(--_order);
    stroke-width: 2;
    stroke-dasharray: 1 3;
  }
  .order text {
    fill: var(--_order);
    font-size: 11px;
    font-weight: 600;
  }
  .legend .swatch.projected {
    background: repeating-linear-gradient(90deg, var(--_projected) 0 5px, transparent 5px 9px);
  }
  .legend .swatch.order {
    background: var(--_order);
  }
  tr.projected {
    font-style: italic;
  }
  .on-hand.line {
    stroke: var(--_on-hand);
  }
  .reorder.line {
    stroke: var(--_reorder);
    stroke-dasharray: 6 3;
  }
  .safety.line {
    stroke: var(--_safety);
    stroke-dasharray: 2 3;
  }
  .dot.on-hand {
    fill: var(--_on-hand);
  }
  .stockout line {
    stroke: var(--_danger);
    stroke-width: 2;
  }
  .stockout text {
    fill: var(--_danger);
    font-size: 11px;
    font-weight: 600;
  }
  .legend .swatch.on-hand {
    background: var(--_on-hand);
  }
  .legend .swatch.reorder {
    background: var(--_reorder);
  }
  .legend .swatch.safety {
    background: var(--_safety);
  }
  dl.figures {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(130px, 1fr));
    gap: 4px 12px;
    margin: 8px 0 0;
  }
  dl.figures div {
    margin: 0;
  }
  dl.figures dt {
    color: var(--_muted);
    font-size: 0.85em;
  }
  dl.figures dd {
    margin: 0;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .item-id {
    color: var(--_muted);
    font-weight: normal;
    font-size: 0.9em;
  }
`;
