import { css } from 'lit';

export const modelAccuracyStyles = css`
  :host {
    --_bar: var(--nova-series-model, var(--nova-color-primary, #1f6feb));
    --_bar-plan: var(--nova-series-plan, var(--nova-color-accent, #b35900));
  }
  h2, h3 {
    font-size: 1em;
    margin: 0 0 6px;
    font-weight: 600;
  }
  h3 {
    font-size: 0.9em;
    margin-top: 12px;
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-variant-numeric: tabular-nums;
  }
  th, td {
    padding: 4px 8px;
    border-bottom: 1px solid var(--_border);
    text-align: right;
    white-space: nowrap;
  }
  th:first-child, td:first-child {
    text-align: left;
  }
  tr.plan td {
    font-weight: 600;
  }
  .note, .window {
    color: var(--_muted);
    font-size: 0.85em;
    margin: 6px 0 0;
  }
  svg {
    display: block;
    max-width: 100%;
  }
  .bar {
    fill: var(--_bar);
  }
  .bar.plan {
    fill: var(--_bar-plan);
  }
  text {
    fill: var(--_fg);
    font-size: 11px;
  }
`;
