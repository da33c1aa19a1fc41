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
  .pattern {
    font-size: 0.9em;
  }
  input {
    width: calc(10ch + 24px);
    font-variant-numeric: tabular-nums;
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
