import { describe, expect, it } from 'vitest';
import { effectiveTargets, parsePlan, PI_LL_FORMULA } from '../server/cases/plan.js';
import { applyMask, validateMask } from '../server/cases/mask.js';
import { decodeAngles, decodeVertebrae, encodeAngles, encodeVertebrae } from '../server/cases/codec.js';
import { newUid } from '../server/cases/dicom/uid.js';
import { ds, encodeDataset, tag } from '../server/cases/dicom/writer.js';

const ok = { format: 'sagitta-plan/1', targets: [{ angle: 'L1S1', valueDeg: 50, toleranceDeg: 5 }] };

describe('plan files', () => {
  it('accepts a valid plan and derives the L1S1 target from PI (PI ± 10°)', () => {
    const p = parsePlan(JSON.stringify({ format: 'sagitta-plan/1', pelvicIncidenceDeg: 55, deriveLordosisFromPI: true, targets: [{ angle: 'SS', valueDeg: 35, toleranceDeg: 4 }] }));
    expect(effectiveTargets(p)).toEqual([
      { angle: 'SS', valueDeg: 35, toleranceDeg: 4, source: 'plan' },
      { angle: 'L1S1', valueDeg: 55, toleranceDeg: 10, source: 'plan:PI' },
    ]);
    expect(PI_LL_FORMULA).toBe('L1–S1 lordosis target = PI ± 10° (PI - LL within 10°)');
    // An explicit L1S1 target wins over the derived one.
    expect(effectiveTargets(parsePlan({ ...ok, pelvicIncidenceDeg: 55, deriveLordosisFromPI: true }))).toEqual([{ angle: 'L1S1', valueDeg: 50, toleranceDeg: 5, source: 'plan' }]);
  });

  it.each([
    ['{"format": "sagitta-plan/1", ', /^plan: not valid JSON \(/],
    ['[1, 2]', /^plan: the file must hold a JSON object$/],
    ['{"targets": []}', /^plan: "format" must be "sagitta-plan\/1", got undefined$/],
    [JSON.stringify({ ...ok, colour: 'red' }), /^plan: the plan has unknown field "colour" \(allowed: format, label, pelvicIncidenceDeg, deriveLordosisFromPI, targets, preop\)$/],
    [JSON.stringify({ ...ok, targets: [{ angle: 'L9L5', valueDeg: 40, toleranceDeg: 5 }] }), /^plan: targets\[0\]\.angle must be L1L5, L1S1, SS or disc:<upper><lower> \(e\.g\. disc:L4L5\), got "L9L5"$/],
    [JSON.stringify({ ...ok, targets: [{ angle: 'SS', valueDeg: '40', toleranceDeg: 5 }] }), /^plan: targets\[0\]\.valueDeg must be a number from -90 to 90, got "40"$/],
    [JSON.stringify({ ...ok, targets: [{ angle: 'SS', valueDeg: 40, toleranceDeg: -1 }] }), /^plan: targets\[0\]\.toleranceDeg must be a number from 0 to 45, got -1$/],
    [JSON.stringify({ ...ok, targets: [ok.targets[0], ok.targets[0]] }), /^plan: targets has two entries for L1S1$/],
    [JSON.stringify({ ...ok, deriveLordosisFromPI: true }), /^plan: deriveLordosisFromPI needs pelvicIncidenceDeg$/],
    [JSON.stringify({ ...ok, pelvicIncidenceDeg: 300 }), /^plan: pelvicIncidenceDeg must be a number from 10 to 120, got 300$/],
    [JSON.stringify({ ...ok, preop: { width: 10, height: 10, vertebrae: [{ label: 'L1', corners: [[1, 2], [3, 4], [5]] }] } }), /^plan: preop\.vertebrae\[0\]\.corners must be 4 points SA, SP, IP, IA$/],
  ])('refuses %s with a message naming the problem', (text, message) => {
    expect(() => parsePlan(text)).toThrow(message);
  });
});

describe('patient-data mask', () => {
  it('blanks outside the inscribed circle by default and validates settings', () => {
    // 8×8 frame of 200s; inscribed circle: centre (3.5, 3.5), radius 4: the corner pixel (0,0) is √(2·3.5²) ≈ 4.95 > 4 away.
    const img = { data: new Uint8Array(64).fill(200), width: 8, height: 8 };
    const out = applyMask(img, validateMask({ kind: 'circle' }));
    expect(out[0]).toBe(0);
    expect(out[3 * 8 + 3]).toBe(200);
    expect(out[3 * 8 + 0]).toBe(200); // (0, 3): 3.5 px from the centre
    expect(img.data[0]).toBe(200); // the source is untouched
    expect(applyMask(img, { kind: 'rects', rects: [{ x: 0, y: 0, w: 0.5, h: 0.25 }] }).slice(0, 8)).toEqual(new Uint8Array([0, 0, 0, 0, 200, 200, 200, 200]));
    expect(() => validateMask({ kind: 'circle', r: 'big' })).toThrow('mask.r must be a number from 0 to 1.5, got "big"');
    expect(() => validateMask({ kind: 'oval' })).toThrow('mask.kind must be "circle", "rects" or "none", got "oval"');
  });
});

describe('frame codec and DICOM primitives', () => {
  it('round-trips vertebrae and angles', () => {
    const v = [{ label: 'S1', score: 0.75, corners: [[10.25, 20.5], [30, 40], null, null] as ([number, number] | null)[], spread: [1.5, 2, null, null] }];
    expect(decodeVertebrae(encodeVertebrae(v))).toEqual(v);
    expect(encodeVertebrae(v).length).toBe(56);
    expect(decodeAngles(encodeAngles({ SS: { value: 31.23456, sd: 0.5 }, L1S1: { value: null, reason: 'L1 not in view' } })))
      .toEqual({ SS: { value: 31.235, sd: 0.5 }, L1S1: { value: null, reason: 'L1 not in view' } });
  });

  it('makes 2.25 UIDs, DS strings and sorted even-length elements', () => {
    const uid = newUid();
    expect(uid).toMatch(/^2\.25\.[1-9]\d{0,38}$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    expect(ds(12.3456789)).toBe('12.345679');
    expect(ds(-1234567890.123456)).toHaveLength(16);
    // (0010,0010) PN "Doe" → padded to 4 bytes with a space; (0008,0060) CS sorted first.
    const b = encodeDataset([{ tag: tag(0x0010, 0x0010), vr: 'PN', value: 'Doe' }, { tag: tag(0x0008, 0x0060), vr: 'CS', value: 'OT' }]);
    expect([...b]).toEqual([0x08, 0, 0x60, 0, 0x43, 0x53, 2, 0, 0x4f, 0x54, 0x10, 0, 0x10, 0, 0x50, 0x4e, 4, 0, 0x44, 0x6f, 0x65, 0x20]);
  });
});
