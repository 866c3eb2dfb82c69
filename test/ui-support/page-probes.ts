/**
 * Browser-side probes of the dashboard, as JavaScript source strings run with
 * `page.evaluate` (strings, so that no test-transform helper leaks into the
 * page). Each returns plain JSON.
 */

/** Finds elements through the open shadow roots: `deep('sagitta-readout', '.box')`. */
const DEEP = `
  const roots = (root) => [root, ...[...root.querySelectorAll('*')].filter((e) => e.shadowRoot).flatMap((e) => roots(e.shadowRoot))];
  const all = (sel) => roots(document).flatMap((r) => [...r.querySelectorAll(sel)]);
  const app = document.querySelector('sagitta-app');
`;

export interface ReadoutProbe {
  angle: string; compact: boolean; status: string; measurable: string;
  value: string; name: string; state: string; target: string; delta: string; sd: string; reason: string;
}

/** Every readout's shown text and status. */
export const PROBE_READOUTS = `(() => { ${DEEP}
  return all('sagitta-readout').map((r) => {
    const box = r.shadowRoot.querySelector('.box');
    const t = (s) => (box.querySelector(s)?.textContent ?? '').trim();
    return { angle: r.angle, compact: r.compact, status: box.dataset.status, measurable: box.dataset.measurable,
      value: t('.value'), name: t('.name'), state: t('.state'), target: t('.target'), delta: t('.delta'), sd: t('.sd'), reason: t('.reason') };
  });
})()`;

export interface LayoutProblem { what: string; detail: string }

/**
 * Layout check: no readout box overlaps another, no text overflows its box or
 * is clipped, every box and control lies inside the viewport.
 */
export const PROBE_LAYOUT = `(() => { ${DEEP}
  const problems = [];
  const vw = innerWidth, vh = innerHeight;
  const rect = (e) => e.getBoundingClientRect();
  const boxes = all('sagitta-readout').map((r) => ({ name: r.angle, el: r.shadowRoot.querySelector('.box') }));
  const inside = (a, b, slack = 0.5) => a.left >= b.left - slack && a.right <= b.right + slack && a.top >= b.top - slack && a.bottom <= b.bottom + slack;
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
  const view = { left: 0, top: 0, right: vw, bottom: vh };
  for (let i = 0; i < boxes.length; i++) {
    const a = rect(boxes[i].el);
    if (a.width < 20 || a.height < 20) problems.push({ what: 'box too small', detail: boxes[i].name + ' ' + a.width + 'x' + a.height });
    if (!inside(a, view)) problems.push({ what: 'box outside the viewport', detail: boxes[i].name });
    for (let j = i + 1; j < boxes.length; j++) if (overlap(a, rect(boxes[j].el))) problems.push({ what: 'boxes overlap', detail: boxes[i].name + ' / ' + boxes[j].name });
    for (const child of boxes[i].el.children) {
      if (!child.textContent.trim() || child.getClientRects().length === 0) continue;
      const c = rect(child);
      const cs = getComputedStyle(child);
      const clipsByDesign = cs.textOverflow === 'ellipsis';
      if (!clipsByDesign && (child.scrollWidth > child.clientWidth + 1 || child.scrollHeight > child.clientHeight + 1)) problems.push({ what: 'text overflows', detail: boxes[i].name + ' ' + child.className + ' "' + child.textContent.trim() + '" ' + child.scrollWidth + '>' + child.clientWidth + ' or ' + child.scrollHeight + '>' + child.clientHeight });
      if (!inside(c, a)) problems.push({ what: 'text outside its box', detail: boxes[i].name + ' ' + child.className + ' "' + child.textContent.trim() + '"' });
    }
  }
  const shadowButtons = (tag) => all(tag).flatMap((e) => [...e.shadowRoot.querySelectorAll('button')]);
  for (const b of [...shadowButtons('sagitta-controls'), ...shadowButtons('sagitta-timeline'), ...all('nav button')]) {
    if (!inside(rect(b), view)) problems.push({ what: 'button outside the viewport', detail: b.textContent.trim() });
    if (b.scrollWidth > b.clientWidth + 1) problems.push({ what: 'button text overflows', detail: b.textContent.trim() });
  }
  const buttons = [...all('nav button'), ...shadowButtons('sagitta-controls')];
  for (let i = 0; i < buttons.length; i++) for (let j = i + 1; j < buttons.length; j++)
    if (overlap(rect(buttons[i]), rect(buttons[j]))) problems.push({ what: 'buttons overlap', detail: buttons[i].textContent.trim() + ' / ' + buttons[j].textContent.trim() });
  for (const sel of ['sagitta-frame', 'sagitta-timeline', 'sagitta-status-bar', 'sagitta-disc-row']) {
    const e = all(sel)[0];
    if (e && !inside(rect(e), view)) problems.push({ what: 'panel outside the viewport', detail: sel });
  }
  return problems;
})()`;

/** WCAG contrast of every readout text against its box background, and the digit height of the main values (px). */
export const PROBE_LEGIBILITY = `(() => { ${DEEP}
  const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  const lum = (rgb) => { const [r, g, b] = rgb.match(/[\\d.]+/g).map(Number); return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const canvas = document.createElement('canvas').getContext('2d');
  const out = [];
  for (const r of all('sagitta-readout')) {
    const box = r.shadowRoot.querySelector('.box');
    const bg = getComputedStyle(box).backgroundColor;
    for (const child of box.children) {
      if (!child.textContent.trim() || child.getClientRects().length === 0) continue;
      const cs = getComputedStyle(child);
      let digitPx = null;
      if (child.classList.contains('value')) {
        canvas.font = cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
        const m = canvas.measureText('0123456789');
        digitPx = m.actualBoundingBoxAscent + m.actualBoundingBoxDescent;
      }
      out.push({ angle: r.angle, compact: r.compact, part: child.className, text: child.textContent.trim(), contrast: ratio(cs.color, bg), digitPx });
    }
  }
  return out;
})()`;

/** The connection state shown in the status bar. */
export const PROBE_CONNECTION = `(() => { ${DEEP} const c = all('sagitta-status-bar')[0]?.shadowRoot.querySelector('.conn'); return c ? c.dataset.connection + '|' + c.textContent.trim() : ''; })()`;

/** Timeline: number of points, the x range and the follow flag. */
export const PROBE_TIMELINE = `(() => { ${DEEP} const t = all('sagitta-timeline')[0]; const u = t.plot;
  return { points: u ? u.data[0].length : -1, xMin: u?.scales.x.min, xMax: u?.scales.x.max, yMin: u?.scales.y.min, yMax: u?.scales.y.max,
    follow: t.follow, windowS: t.windowS, last: u && u.data[0].length ? u.data[0][u.data[0].length - 1] : null,
    series: u ? u.data.slice(1).map((s) => Array.from(s.slice(-5)).map((v) => Number.isNaN(v) ? 'NaN' : v)) : [] }; })()`;

/** Text of the held-image badge ('' when none). */
export const PROBE_HELD = `(() => { ${DEEP} return (all('sagitta-frame')[0]?.shadowRoot.querySelector('.held')?.textContent ?? '').trim(); })()`;

/** Text of the clinical-use banner ('' when none). */
export const PROBE_BANNER = `(() => { ${DEEP} return (app.shadowRoot.querySelector('.banner')?.textContent ?? '').trim(); })()`;
