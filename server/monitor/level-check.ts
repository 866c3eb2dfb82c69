/**
 * The level check the monitor publishes, per shot (docs/protocol.md,
 * `levelCheck`): once a frame of a shot had labels at odds with the
 * vertebrae's spacing and no confident S1 to count from, the labels of the
 * whole shot need the surgeon's check, so `inconsistent` stays until the
 * next shot even if later frames look consistent. A recount from S1 is
 * reported for the frames it happened in. The first `inconsistent` and the
 * first recount of a shot each give one event note for the log, the clients
 * and the case record. Pure state, no I/O.
 */
import type { LevelCheck } from '../pipeline/level-chain.js';

export const LEVEL_CHECK_NOTES: Readonly<Record<Exclude<LevelCheck, 'consistent'>, string>> = {
  inconsistent: 'level labels do not match the vertebrae\'s spacing and no confident S1 to count from: check the levels',
  'recounted-from-S1': 'level labels counted again from S1 (step I had missed a vertebra or skipped a label)',
};

export class ShotLevelCheck {
  private shot: number | undefined;
  private inconsistent = false;
  private readonly noted = new Set<LevelCheck>();

  /** The check to publish for a frame of `shot` whose pipeline check was `check`, and the event note it starts, if any. */
  update(shot: number, check: LevelCheck): { check: LevelCheck; note?: string } {
    if (shot !== this.shot) { this.shot = shot; this.inconsistent = false; this.noted.clear(); }
    if (check === 'inconsistent') this.inconsistent = true;
    const out: LevelCheck = this.inconsistent ? 'inconsistent' : check;
    if (check === 'consistent' || this.noted.has(check)) return { check: out };
    this.noted.add(check);
    return { check: out, note: LEVEL_CHECK_NOTES[check] };
  }
}
