import { css } from 'lit';

export const itemPickerStyles = css`
  :host {
    background: transparent;
    position: relative;
  }
  label {
    display: block;
    font-weight: 600;
    margin-bottom: 4px;
  }
  input {
    width: 100%;
    padding: 4px 8px;
  }
  ul {
    position: absolute;
    z-index: 10;
    left: 0;
    right: 0;
    margin: 2px 0 0;
    padding: 0;
    list-style: none;
    max-height: 280px;
    overflow: auto;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 4px;
    box-shadow: 0 4px 12px rgb(0 0 0 / 0.15);
  }
  li {
    padding: 4px 8px;
    cursor: pointer;
    overflow-wrap: anywhere;
  }
  li[aria-selected='true'],
  li:hover {
    background: var(--_grid);
  }
  .sku {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .status {
    color: var(--_muted);
    font-size: 0.85em;
    margin: 2px 0 0;
    min-height: 1.2em;
  }
  .status.error {
    color: var(--_danger);
  }
`;
