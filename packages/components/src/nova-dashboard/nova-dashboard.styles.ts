import { css } from 'lit';

export const dashboardStyles = css`
  :host {
    container-type: inline-size;
    --_gap: var(--nova-gap, 16px);
    --_panel-bg: var(--nova-panel-surface, var(--_bg));
    padding: var(--_gap);
  }
  header {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: baseline;
    gap: 8px var(--_gap);
    margin-bottom: var(--_gap);
  }
  h1 {
    font-size: 1.3em;
    margin: 0;
  }
  .controls {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: var(--_gap);
    align-items: end;
    margin-bottom: var(--_gap);
  }
  .panel {
    background: var(--_panel-bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 12px;
    min-width: 0;
  }
  nova-kpis {
    margin-bottom: var(--_gap);
  }
  .grid {
    display: grid;
    grid-template-columns: minmax(0, 5fr) minmax(0, 7fr);
    gap: var(--_gap);
    align-items: start;
  }
  .detail {
    display: grid;
    gap: var(--_gap);
  }
  .kind {
    display: flex;
    gap: 8px;
    align-items: center;
    margin-bottom: 8px;
  }
  .placeholder {
    color: var(--_muted);
  }
  @container (max-width: 900px) {
    .grid {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  @container (max-width: 640px) {
    .controls {
      grid-template-columns: minmax(0, 1fr);
    }
  }
`;
