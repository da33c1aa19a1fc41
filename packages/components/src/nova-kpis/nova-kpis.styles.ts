import { css } from 'lit';

export const kpisStyles = css`
  :host {
    --_kpi-bg: var(--nova-kpi-surface, var(--_bg));
    --_kpi-value: var(--nova-kpi-value-color, var(--_fg));
  }
  h2 {
    font-size: 1em;
    margin: 0 0 6px;
    font-weight: 600;
  }
  dl {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
    gap: 8px;
    margin: 0;
  }
  .kpi {
    background: var(--_kpi-bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 8px 12px;
  }
  dt {
    color: var(--_muted);
    font-size: 0.85em;
  }
  dd {
    margin: 2px 0 0;
    font-size: 1.4em;
    font-weight: 600;
    color: var(--_kpi-value);
    font-variant-numeric: tabular-nums;
  }
  .period {
    color: var(--_muted);
    font-size: 0.85em;
    margin: 6px 0 0;
  }
`;
