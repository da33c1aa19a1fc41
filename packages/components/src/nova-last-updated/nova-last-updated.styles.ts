import { css } from 'lit';

export const lastUpdatedStyles = css`
  :host {
    background: transparent;
    font-size: 0.9em;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 10px;
    align-items: center;
  }
  .label {
    color: var(--_muted);
  }
  ul {
    margin: 2px 0 0;
    padding: 0;
    list-style: none;
    color: var(--_muted);
  }
  li {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    align-items: center;
  }
  .note {
    color: var(--_muted);
  }
`;
