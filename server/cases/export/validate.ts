/**
 * Checks a `sagitta-case/1` JSON export against its schema (docs/cases.md).
 * Returns the list of problems, each naming the path; empty when valid.
 */
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

export function validateCaseExport(v: unknown): string[] {
  const errs: string[] = [];
  const need = (ok: boolean, path: string, what: string): boolean => { if (!ok) errs.push(`${path} must be ${what}`); return ok; };
  if (!need(isObj(v), '$', 'an object')) return errs;
  const o = v as Record<string, unknown>;
  need(o.format === 'sagitta-case/1', '$.format', '"sagitta-case/1"');
  need(typeof o.exportedAt === 'string' && !Number.isNaN(Date.parse(o.exportedAt)), '$.exportedAt', 'an ISO date');
  need(typeof o.note === 'string', '$.note', 'a string');
  if (need(isObj(o.case), '$.case', 'an object')) {
    const c = o.case as Record<string, unknown>;
    need(typeof c.id === 'string' && /^\d{8}-[A-Z0-9]{6}$/.test(c.id), '$.case.id', 'a case id like 20261128-K3QF7Z');
    need(typeof c.label === 'string', '$.case.label', 'a string');
    need(isNum(c.startedMs), '$.case.startedMs', 'a number');
    need(c.endedMs === null || isNum(c.endedMs), '$.case.endedMs', 'a number or null');
    need(isObj(c.model) && typeof (c.model as Record<string, unknown>).sha256 === 'string', '$.case.model', '{name, version, sha256}');
    need(typeof c.softwareVersion === 'string', '$.case.softwareVersion', 'a string');
  }
  need(o.plan === null || isObj(o.plan), '$.plan', 'a plan object or null');
  if (need(isObj(o.comparison) && Array.isArray((o.comparison as Record<string, unknown>).rows), '$.comparison', 'an object with rows')) {
    ((o.comparison as Record<string, unknown>).rows as unknown[]).forEach((r, i) => {
      const row = r as Record<string, unknown>;
      need(isObj(r) && typeof row.angle === 'string', `$.comparison.rows[${i}].angle`, 'a string');
      for (const k of ['preopDeg', 'achievedDeg', 'deltaDeg']) need(row[k] === null || isNum(row[k]), `$.comparison.rows[${i}].${k}`, 'a number or null');
    });
  }
  for (const k of ['events', 'targets', 'snapshots']) need(Array.isArray(o[k]), `$.${k}`, 'an array');
  if (need(Array.isArray(o.frames), '$.frames', 'an array')) {
    (o.frames as unknown[]).forEach((f, i) => {
      if (errs.length > 20) return;
      const p = `$.frames[${i}]`;
      if (!need(isObj(f), p, 'an object')) return;
      const fr = f as Record<string, unknown>;
      for (const k of ['timeMs', 'frame', 'shot', 'width', 'height']) need(isNum(fr[k]), `${p}.${k}`, 'a number');
      if (need(isObj(fr.angles), `${p}.angles`, 'an object')) {
        for (const [name, a] of Object.entries(fr.angles as Record<string, Record<string, unknown>>)) {
          need(isObj(a) && ((isNum(a.value) && isNum(a.sd)) || (a.value === null && typeof a.reason === 'string')), `${p}.angles.${name}`, '{value, sd} or {value: null, reason}');
        }
      }
      if (need(Array.isArray(fr.vertebrae), `${p}.vertebrae`, 'an array')) {
        (fr.vertebrae as Record<string, unknown>[]).forEach((vt, j) => {
          need(isObj(vt) && typeof vt.label === 'string' && Array.isArray(vt.corners) && vt.corners.length === 4, `${p}.vertebrae[${j}]`, '{label, corners[4], score, spread[4]}');
        });
      }
    });
  }
  return errs;
}
