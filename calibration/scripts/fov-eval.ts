/**
 * findFieldOfView on phantom fluoroscopy stills (docs/calibration.md): share
 * of stills where the circle is found, wrongly found (> 3 px off), and the
 * median / max error of the found ones (max of centre and radius error, px).
 *
 * Usage: nice -n 10 node --import tsx calibration/scripts/fov-eval.ts [--n 30] [--size 768]
 */
import { parseArgs } from 'node:util';
import { findFieldOfView } from '../src/fov.js';
import { renderStill } from '../../server/phantom/index.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '30' }, size: { type: 'string', default: '768' } } });
const n = Number(values.n), size = Number(values.size);
for (const hard of [false, true]) {
  let found = 0, wrong = 0;
  const errs: number[] = [];
  for (let seed = 100; seed < 100 + n; seed++) {
    const s = renderStill({ seed, width: size, height: size, fluoro: true, hard });
    const c = s.view.circle!;
    const f = findFieldOfView(s.image);
    if (!f) continue;
    const e = Math.max(Math.hypot(f.cx - c.cx, f.cy - c.cy), Math.abs(f.radius - c.r));
    if (e > 3) wrong++; else { found++; errs.push(e); }
  }
  errs.sort((a, b) => a - b);
  console.log(`${hard ? 'hard' : 'normal'} stills: ${n}, found ${found}, wrong ${wrong}, not found ${n - found - wrong}; error median ${errs[errs.length >> 1]?.toFixed(2)} px, max ${errs[errs.length - 1]?.toFixed(2)} px`);
}
