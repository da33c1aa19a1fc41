import { css } from 'lit';

/**
 * Shared tokens. Every private `--_x` reads a public `--nova-*` custom property first, so host
 * pages theme all elements at once; `theme="dark"` or the OS preference switches palettes.
 */
export const themeStyles = css`
  :host {
    --_bg: var(--nova-color-surface, #ffffff);
    --_fg: var(--nova-color-text, #1b1f24);
    --_muted: var(--nova-color-muted, #57606a);
    --_border: var(--nova-color-border, #d0d7de);
    --_primary: var(--nova-color-primary, #0b5cad);
    --_accent: var(--nova-color-accent, #b35900);
    --_danger: var(--nova-color-danger, #b42318);
    --_warn-bg: var(--nova-color-warning-surface, #fff4d6);
    --_warn-fg: var(--nova-color-warning-text, #6b4500);
    --_grid: var(--nova-color-grid, #eaeef2);
    --_radius: var(--nova-radius, 8px);
    --_font: var(--nova-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--nova-font-size, 14px);
    display: block;
    box-sizing: border-box;
    color: var(--_fg);
    background: var(--_bg);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.4;
  }
  :host([hidden]) {
    display: none;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_bg: var(--nova-color-surface, #0d1117);
      --_fg: var(--nova-color-text, #e6edf3);
      --_muted: var(--nova-color-muted, #9da7b3);
      --_border: var(--nova-color-border, #3d444d);
      --_primary: var(--nova-color-primary, #58a6ff);
      --_accent: var(--nova-color-accent, #f0883e);
      --_danger: var(--nova-color-danger, #ff7b72);
      --_warn-bg: var(--nova-color-warning-surface, #3b2e00);
      --_warn-fg: var(--nova-color-warning-text, #f2cc60);
      --_grid: var(--nova-color-grid, #21262d);
    }
  }
  :host([theme='dark']) {
    --_bg: var(--nova-color-surface, #0d1117);
    --_fg: var(--nova-color-text, #e6edf3);
    --_muted: var(--nova-color-muted, #9da7b3);
    --_border: var(--nova-color-border, #3d444d);
    --_primary: var(--nova-color-primary, #58a6ff);
    --_accent: var(--nova-color-accent, #f0883e);
    --_danger: var(--nova-color-danger, #ff7b72);
    --_warn-bg: var(--nova-color-warning-surface, #3b2e00);
    --_warn-fg: var(--nova-color-warning-text, #f2cc60);
    --_grid: var(--nova-color-grid, #21262d);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .state {
    padding: 12px;
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    color: var(--_muted);
  }
  .state.error {
    color: var(--_danger);
    border-style: solid;
  }
  .state button,
  button.action {
    margin-inline-start: 8px;
    font: inherit;
    color: var(--_primary);
    background: transparent;
    border: 1px solid currentColor;
    border-radius: 4px;
    padding: 2px 8px;
    cursor: pointer;
  }
  .provenance {
    margin: 6px 0 0;
    font-size: 0.85em;
    color: var(--_muted);
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    align-items: center;
  }
  .stale {
    background: var(--_warn-bg);
    color: var(--_warn-fg);
    border-radius: 4px;
    padding: 0 6px;
    font-weight: 600;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
  :focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  table.data {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.9em;
  }
  table.data th,
  table.data td {
    text-align: end;
    padding: 2px 6px;
    border-bottom: 1px solid var(--_grid);
  }
  table.data th:first-child,
  table.data td:first-child {
    text-align: start;
  }
  details.table-alt {
    margin-top: 6px;
  }
  details.table-alt > summary {
    cursor: pointer;
    color: var(--_primary);
  }
  details.table-alt .scroll {
    max-height: 240px;
    overflow: auto;
  }
  button.action.export {
    margin: 6px 0 0;
  }
`;

/** Shared chart styles (axes, grid, tooltip). */
export const chartStyles = css`
  h2.title {
    font-size: 1em;
    margin: 0 0 6px;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  figure.busy .plot,
  figure.busy .figures {
    opacity: 0.55;
    transition: opacity 0.2s;
  }
  .plot {
    position: relative;
    width: 100%;
  }
  .plot svg {
    display: block;
    width: 100%;
    height: auto;
    overflow: visible;
  }
  .plot .focus-target {
    border-radius: 4px;
  }
  .axis text {
    fill: var(--_muted);
    font-size: 11px;
  }
  .axis .domain,
  .axis .tick line {
    stroke: var(--_border);
  }
  .axis .grid {
    stroke: var(--_grid);
  }
  .line {
    fill: none;
    stroke-width: 2;
    stroke-linejoin: round;
  }
  .cursor {
    stroke: var(--_muted);
    stroke-dasharray: 3 3;
  }
  .tooltip {
    position: absolute;
    top: 0;
    pointer-events: none;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 4px 8px;
    font-size: 0.85em;
    white-space: nowrap;
    box-shadow: 0 2px 6px rgb(0 0 0 / 0.15);
    z-index: 1;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 14px;
    margin: 0 0 4px;
    padding: 0;
    list-style: none;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .legend .swatch {
    display: inline-block;
    width: 14px;
    height: 3px;
    vertical-align: middle;
    margin-inline-end: 4px;
  }
`;

/** Text inputs and selects of the interactive elements (date range, item picker, dashboard). */
export const controlStyles = css`
  input,
  select {
    font: inherit;
    font-size: 1rem;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 3px 6px;
    min-height: 32px;
  }
`;
