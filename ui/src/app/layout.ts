import { css } from 'lit';

/**
 * The shell's grid, sized from the viewport so that 1920×1080 and 1280×800
 * both fit without scrolling: readout digits are 11vh (≈ 119 px font,
 * ≈ 87 px digit height at 1080 px).
 */
export const layoutStyles = css`
  :host {
    --readout-font: clamp(56px, 11vh, 140px);
    --readout-label: clamp(20px, 2.7vh, 32px);
    --readout-small: clamp(15px, 2.1vh, 24px);
    --disc-font: clamp(22px, 3.3vh, 40px);
    --disc-label: clamp(14px, 1.7vh, 20px);
    --disc-small: clamp(12px, 1.4vh, 16px);
    --button-font: clamp(15px, 1.8vh, 20px);
    --status-font: clamp(14px, 1.7vh, 19px);
    display: grid; height: 100vh; width: 100vw; overflow: hidden; background: var(--bg);
    grid-template-rows: auto auto minmax(0, 1fr) auto;
    gap: 8px; padding: 8px 10px;
  }
  .banner { background: var(--danger-bg); color: #fff; font-weight: 700; font-size: clamp(16px, 2vh, 22px); padding: 6px 14px; border-radius: 8px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  header { display: flex; align-items: center; gap: 14px; min-width: 0; }
  .brand { font-size: clamp(20px, 2.6vh, 28px); font-weight: 700; color: var(--accent); }
  .toast { position: fixed; right: 16px; bottom: 56px; z-index: 5; max-width: 60vw; font-size: 20px; padding: 10px 16px; border-radius: 8px; background: #0c4a6e; border: 2px solid var(--accent); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .toast[data-error='true'] { background: var(--danger-bg); }
  .live { display: grid; grid-template-rows: minmax(0, 1fr) clamp(52px, 7.4vh, 84px) clamp(170px, 24vh, 270px); gap: 8px; min-height: 0; min-width: 0; }
  .live[hidden] { display: none; }
  .case { min-height: 0; overflow: auto; border-radius: 10px; }
  nav { display: flex; gap: 6px; }
  nav button { font: inherit; font-size: var(--button-font, 18px); font-weight: 700; color: var(--text); background: var(--panel-2); border: 2px solid var(--border); border-radius: 8px; padding: 4px 14px; min-height: 48px; cursor: pointer; }
  nav button[aria-selected='true'] { background: #0c4a6e; border-color: var(--accent); }
  nav kbd { font: inherit; color: var(--accent); margin-left: 6px; }
  main { display: grid; grid-template-columns: minmax(0, 43fr) minmax(0, 57fr); gap: 10px; min-height: 0; }
  .readouts { display: grid; grid-template-rows: repeat(3, minmax(0, 1fr)); gap: 8px; min-height: 0; min-width: 0; }
  footer { min-width: 0; }
  @media (max-width: 1400px) {
    main { grid-template-columns: minmax(0, 40fr) minmax(0, 60fr); }
    .brand { display: none; }
    header { gap: 8px; }
    nav button { padding: 4px 10px; }
  }
`;
