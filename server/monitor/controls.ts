/**
 * The monitor's state changed by the surgeon: targets and the level
 * override. Applies validated control messages; throws an Error (sent back
 * to the client as an `error`) for a request that cannot be applied.
 */
import { TargetSet } from '../measure/targets.js';
import type { ClientMessage, Target } from '../protocol/messages.js';

export interface LevelOverride {
  /** Levels added to every label (−1: the lowest vertebra is L5, not S1). */
  shift: number;
  /** The surgeon confirmed the labels as shown. */
  confirmed: boolean;
}

export interface ControlEffects {
  targetsChanged(targets: Target[]): void;
  event(kind: string, note?: string): void;
  snapshot(): void;
  recording(active: boolean): void;
}

export class MonitorControls {
  readonly targets: TargetSet;
  readonly levels: LevelOverride = { shift: 0, confirmed: false };

  constructor(initial: readonly Target[], private readonly fx: ControlEffects) {
    this.targets = new TargetSet(initial);
  }

  apply(msg: ClientMessage): void {
    switch (msg.type) {
      case 'set-target':
        this.targets.set(msg.target);
        this.fx.targetsChanged(this.targets.list());
        this.fx.event('target', `${msg.target.angle} ${msg.target.valueDeg}±${msg.target.toleranceDeg}`);
        return;
      case 'clear-target':
        if (!this.targets.clear(msg.angle)) throw new Error(`no target set for "${msg.angle}"`);
        this.fx.targetsChanged(this.targets.list());
        this.fx.event('target', `${msg.angle} cleared`);
        return;
      case 'mark-event': this.fx.event('mark', msg.note); return;
      case 'shift-levels':
        this.levels.shift = msg.shift;
        this.levels.confirmed = false;
        this.fx.event('level-shift', `labels shifted by ${msg.shift}`);
        return;
      case 'confirm-levels':
        this.levels.confirmed = true;
        this.fx.event('level-confirm', `labels confirmed (shift ${this.levels.shift})`);
        return;
      case 'snapshot': this.fx.snapshot(); return;
      case 'recording': this.fx.recording(msg.active); return;
      case 'hello': return;
    }
  }

  /** Replaces the whole target list (a plan put in force). Throws on an invalid target, changing nothing. */
  replaceTargets(targets: readonly Target[]): void {
    const next = new TargetSet(targets);
    for (const t of this.targets.list()) this.targets.clear(t.angle);
    for (const t of next.list()) this.targets.set(t);
    this.fx.targetsChanged(this.targets.list());
    this.fx.event('target', 'plan targets in force');
  }

  /** The C-arm moved: the override no longer applies. Returns true when one was in force. */
  clearLevels(): boolean {
    const had = this.levels.shift !== 0 || this.levels.confirmed;
    this.levels.shift = 0;
    this.levels.confirmed = false;
    return had;
  }
}
