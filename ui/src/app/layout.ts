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
    grid-template-rows: auto auto minmax(0, 1fr) clamp(52px, 7.4vh, 84px) clamp(170px, 24vh, 270px) auto;
    gap: 8px; padding: 8px 10px;
  }
  .banner { background: var(--danger-bg); color: #fff; font-weight: 700; font-size: clamp(16px, 2vh, 22px); padding: 6px 14px; border-radius: 8px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  header { display: flex; align-items: center; gap: 14px; min-width: 0; }
  .brand { font-size: clamp(20px, 2.6vh, 28px); font-weight: 700; color: var(--accent); }
  .toast { margin-left: auto; font-size: 18px; padding: 6px 12px; border-radius: 8px; background: #0c4a6e; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
  .toast[data-error='true'] { background: var(--danger-bg); }
  main { display: grid; grid-template-columns: minmax(0, 43fr) minmax(0, 57fr); gap: 10px; min-height: 0; }
  .readouts { display: grid; grid-template-rows: repeat(3, minmax(0, 1fr)); gap: 8px; min-height: 0; min-width: 0; }
  footer { min-width: 0; }
  @media (max-width: 1400px) { main { grid-template-columns: minmax(0, 40fr) minmax(0, 60fr); } }
`;
