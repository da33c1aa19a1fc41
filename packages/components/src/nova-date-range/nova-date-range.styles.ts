import { css } from 'lit';

export const dateRangeStyles = css`
  :host {
    background: transparent;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 6px 10px;
    align-items: end;
  }
  legend {
    font-weight: 600;
    padding: 0;
    margin-bottom: 4px;
  }
  label {
    display: flex;
    flex-direction: column;
    font-size: 0.85em;
    color: var(--_muted);
  }
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
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .error {
    color: var(--_danger);
    flex-basis: 100%;
    margin: 0;
    font-size: 0.9em;
  }
`;
