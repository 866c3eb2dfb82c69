import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, jsonInit, type Comparison, type SnapshotRecord } from './api.js';
import { angleLabel, clock, fmtDeg } from './format.js';

/**
 * Plan versus achieved for one case: per angle and disc level the pre-op
 * value, target (± tolerance), achieved (last stable measurement or a chosen
 * snapshot), delta to target; and a chart of the same (target band, pre-op
 * ring, achieved dot). The prone-versus-standing note is always shown.
 */
@customElement('sagitta-comparison')
export class ComparisonView extends LitElement {
  @property() caseId = '';
  @property({ attribute: false }) snapshots: SnapshotRecord[] = [];
  @state() private cmp: Comparison | null = null;
  @state() private error = '';

  static override styles = css`
    :host { display: block; }
    table { border-collapse: collapse; font-size: 16px; margin-bottom: 12px; }
    th, td { padding: 4px 10px; border-bottom: 1px solid var(--border, #2a3a48); text-align: right; font-variant-numeric: tabular-nums; }
    th:first-child, td:first-child { text-align: left; }
    td.within { color: #4ade80; } td.below, td.above { color: #fbbf24; }
    .note { color: #fbbf24; font-style: italic; max-width: 900px; }
    .error { color: #fca5a5; }
    svg { background: var(--panel-2, #131c25); border-radius: 8px; }
    text { fill: var(--text, #f2f5f8); font-size: 13px; }
    .band { fill: #4ade80; fill-opacity: 0.25; }
    .pre { fill: none; stroke: #c084fc; stroke-width: 2; }
    .ach { fill: #60a5fa; }
    .axis { stroke: #2a3a48; }
  `;

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('caseId') && this.caseId) void this.load();
  }

  async load(snapshot?: number | null): Promise<void> {
    try {
      this.cmp = snapshot === undefined ? await api<Comparison>(`/api/cases/${this.caseId}/comparison`)
        : await api<Comparison>(`/api/cases/${this.caseId}/achieved`, jsonInit('PUT', { snapshotId: snapshot }));
      this.error = '';
    } catch (e) { this.error = (e as Error).message; }
  }

  private chart(c: Comparison) {
    const rows = c.rows.filter((r) => r.preopDeg !== null || r.achievedDeg !== null || r.target);
    const vals = rows.flatMap((r) => [r.preopDeg, r.achievedDeg, r.target ? r.target.valueDeg - r.target.toleranceDeg : null, r.target ? r.target.valueDeg + r.target.toleranceDeg : null]).filter((x): x is number => x !== null);
    if (!vals.length) return nothing;
    const lo = Math.floor(Math.min(0, ...vals) / 10) * 10, hi = Math.ceil(Math.max(...vals) / 10) * 10 + 5;
    const W = 700, left = 90, rowH = 28, H = rows.length * rowH + 30;
    const x = (v: number) => left + ((v - lo) / (hi - lo)) * (W - left - 20);
    const ticks: number[] = [];
    for (let v = lo; v <= hi; v += 10) ticks.push(v);
    return svg`<svg class="chart" width=${W} height=${H} role="img" aria-label="plan versus achieved chart">
      ${ticks.map((v) => svg`<line class="axis" x1=${x(v)} x2=${x(v)} y1="0" y2=${H - 20}></line><text x=${x(v) - 8} y=${H - 5}>${v}°</text>`)}
      ${rows.map((r, i) => {
        const y = i * rowH + 14;
        return svg`<g data-angle=${r.angle}><text x="4" y=${y + 5}>${angleLabel(r.angle)}</text>
          ${r.target ? svg`<rect class="band" x=${x(r.target.valueDeg - r.target.toleranceDeg)} y=${y - 9} width=${x(r.target.valueDeg + r.target.toleranceDeg) - x(r.target.valueDeg - r.target.toleranceDeg)} height="18"></rect>` : nothing}
          ${r.preopDeg !== null ? svg`<circle class="pre" cx=${x(r.preopDeg)} cy=${y} r="6"></circle>` : nothing}
          ${r.achievedDeg !== null ? svg`<circle class="ach" cx=${x(r.achievedDeg)} cy=${y} r="5"></circle>` : nothing}</g>`;
      })}
    </svg>`;
  }

  override render() {
    const c = this.cmp;
    if (this.error) return html`<div class="error" role="alert">${this.error}</div>`;
    if (!c) return html`<div>Loading…</div>`;
    return html`
      <p class="note">${c.note}</p>
      ${c.pelvicIncidenceDeg !== null ? html`<p>Pelvic incidence ${fmtDeg(c.pelvicIncidenceDeg)}</p>` : nothing}
      <label>Achieved from:
        <select @change=${(e: Event) => { const v = (e.target as HTMLSelectElement).value; void this.load(v === 'stable' ? null : Number(v)); }}>
          <option value="stable" ?selected=${c.achievedFrom === 'stable'}>last stable measurement</option>
          ${this.snapshots.map((s) => html`<option value=${s.id} ?selected=${c.snapshotId === s.id}>snapshot ${s.id} (${s.reason}, ${clock(s.timeMs)})</option>`)}
        </select>
      </label>
      <table class="comparison">
        <thead><tr><th>Angle</th><th>Pre-op</th><th>Target</th><th>Achieved</th><th>Delta to target</th><th>Status</th><th>Change from pre-op</th></tr></thead>
        <tbody>${c.rows.map((r) => html`<tr data-angle=${r.angle}>
          <td>${angleLabel(r.angle)}</td><td>${fmtDeg(r.preopDeg)}</td>
          <td>${r.target ? `${fmtDeg(r.target.valueDeg)} ± ${r.target.toleranceDeg.toFixed(1)}°` : '–'}</td>
          <td class="achieved">${fmtDeg(r.achievedDeg)}</td><td>${fmtDeg(r.deltaDeg, true)}</td>
          <td class=${r.status ?? ''}>${r.status ?? '–'}</td><td>${fmtDeg(r.changeDeg, true)}</td></tr>`)}</tbody>
      </table>
      ${this.chart(c)}`;
  }
}

declare global { interface HTMLElementTagNameMap { 'sagitta-comparison': ComparisonView } }
