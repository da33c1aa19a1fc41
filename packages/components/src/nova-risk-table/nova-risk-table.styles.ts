import { css } from 'lit';

export const riskTableStyles = css`
  :host {
    container-type: inline-size;
    --_row-hover: var(--nova-row-hover, var(--_grid));
    --_selected: var(--nova-row-selected, var(--_warn-bg));
  }
  h2 {
    font-size: 1em;
    margin: 0 0 6px;
    font-weight: 600;
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: 4px 8px;
    border-bottom: 1px solid var(--_grid);
    text-align: end;
    white-space: nowrap;
  }
  th:first-child,
  td:first-child,
  th.text,
  td.text {
    text-align: start;
  }
  td.name {
    white-space: normal;
    overflow-wrap: anywhere;
    min-width: 10em;
  }
  thead th {
    font-weight: 600;
    color: var(--_muted);
    font-size: 0.85em;
  }
  thead th button {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    padding: 0;
    cursor: pointer;
    text-align: inherit;
  }
  tbody tr {
    cursor: pointer;
  }
  tbody tr:hover {
    background: var(--_row-hover);
  }
  tbody tr[data-selected='true'] {
    background: var(--_selected);
  }
  button.item {
    font: inherit;
    color: var(--_primary);
    background: none;
    border: 0;
    padding: 0;
    text-align: start;
    cursor: pointer;
    text-decoration: underline;
  }
  .id {
    color: var(--_muted);
    font-size: 0.85em;
    display: block;
  }
  .count {
    color: var(--_muted);
    font-size: 0.85em;
    margin: 4px 0 0;
  }
  @container (max-width: 520px) {
    .wide {
      display: none;
    }
  }
`;
