import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { api, apiUrl, jsonInit, type CaseDetail, type CaseSummary } from './api.js';
import type { ComparisonView } from './comparison-view.js';
import { clock } from './format.js';
import './case-replay.js';
import './comparison-view.js';
import './plan-panel.js';
import './preop-editor.js';

export const CaseTab = { PLAN: 'plan', COMPARISON: 'comparison', REPLAY: 'replay' } as const;
export type CaseTabName = (typeof CaseTab)[keyof typeof CaseTab];

/**
 * The cases part of the dashboard: the pre-op plan (image import with
 * draggable corners, targets, PI), plan versus achieved (table and chart) and
 * replay of any recorded case, plus exports (CSV, JSON, PDF, DICOM).
 */
@customElement('sagitta-case-view')
export class CaseView extends LitElement {
  /** Case shown; empty: the case being recorded, else the newest. */
  @property() caseId = '';
  @property() tab: CaseTabName = CaseTab.PLAN;
  @state() private cases: CaseSummary[] = [];
  @state() private detail: CaseDetail | null = null;
  @state() private error = '';
  @state() private exportMsg = '';
  @query('sagitta-comparison') private comparison!: ComparisonView | null;

  static override styles = css`
    :host { display: block; padding: 8px 12px; color: var(--text, #f2f5f8); background: var(--panel, #0c1218); font-family: 'DejaVu Sans', system-ui, sans-serif; }
    nav { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 10px; }
    nav button { font: inherit; color: inherit; background: var(--panel-2, #131c25); border: 1px solid var(--border, #2a3a48); border-radius: 6px; padding: 6px 14px; cursor: pointer; }
    nav button[aria-selected=true] { background: #1e3a5f; border-color: #7dd3fc; }
    select, input, button { font: inherit; }
    .spacer { margin-left: auto; }
    a { color: #7dd3fc; margin-right: 8px; }
    .error { color: #fca5a5; }
    details { margin-top: 10px; }
    .prone { color: #fbbf24; font-style: italic; }
  `;

  override connectedCallback(): void { super.connectedCallback(); void this.loadCases(); }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('caseId') && this.caseId) void this.loadDetail();
  }

  async loadCases(): Promise<void> {
    try {
      this.cases = (await api<{ cases: CaseSummary[] }>('/api/cases')).cases;
      if (!this.caseId) {
        const cur = (await api<{ caseId: string | null }>('/api/cases/current')).caseId;
        this.caseId = cur ?? this.cases[0]?.id ?? '';
      }
    } catch (e) { this.error = (e as Error).message; }
  }

  private async loadDetail(): Promise<void> {
    try { this.detail = await api<CaseDetail>(`/api/cases/${this.caseId}`); } catch (e) { this.error = (e as Error).message; }
  }

  private select(tab: CaseTabName): void {
    this.tab = tab;
    if (tab === CaseTab.COMPARISON) { void this.loadDetail(); void this.comparison?.load(); }
  }

  private async exportDicom(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const study: Record<string, string> = {};
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim()) study[k] = v.trim();
    try {
      const res = await fetch(apiUrl(`/api/cases/${this.caseId}/export/dicom`), jsonInit('POST', { study }));
      if (!res.ok) throw new Error(((await res.json()) as { error: string }).error);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url; a.download = `case-${this.caseId}-dicom.zip`; a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.exportMsg = 'DICOM files downloaded.';
      form.reset();
    } catch (err) { this.exportMsg = (err as Error).message; }
  }

  private exports() {
    if (!this.caseId) return nothing;
    const link = (f: string) => html`<a href=${apiUrl(`/api/cases/${this.caseId}/export/${f}`)} download>${f.toUpperCase()}</a>`;
    return html`<details><summary>Export this case</summary>
      ${link('csv')}${link('json')}${link('pdf')}
      <form @submit=${(e: Event) => this.exportDicom(e)}>
        DICOM for the archive (identifiers go into the files only):
        <input name="patientName" placeholder="patient name (Family^Given)" autocomplete="off">
        <input name="patientId" placeholder="patient ID" autocomplete="off">
        <input name="accessionNumber" placeholder="accession number" autocomplete="off">
        <input name="studyId" placeholder="study ID" autocomplete="off">
        <input name="studyInstanceUid" placeholder="study instance UID (optional)" autocomplete="off">
        <button type="submit">Download DICOM</button> <span>${this.exportMsg}</span>
      </form></details>`;
  }

  override render() {
    const tabs: [CaseTabName, string][] = [[CaseTab.PLAN, 'Pre-op plan'], [CaseTab.COMPARISON, 'Plan vs achieved'], [CaseTab.REPLAY, 'Replay']];
    return html`
      <nav role="tablist">
        ${tabs.map(([id, label]) => html`<button role="tab" data-tab=${id} aria-selected=${String(this.tab === id)} @click=${() => this.select(id)}>${label}</button>`)}
        <span class="spacer"></span>
        <label>Case <select class="case" @change=${(e: Event) => { this.caseId = (e.target as HTMLSelectElement).value; }}>
          ${this.cases.map((c) => html`<option value=${c.id} ?selected=${c.id === this.caseId}>${c.id}${c.label ? ` · ${c.label}` : ''} · ${clock(c.startedMs)}${c.endedMs ? '' : ' · recording'}</option>`)}
        </select></label>
      </nav>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${this.tab === CaseTab.PLAN ? html`<sagitta-preop-editor @preop-change=${() => this.comparison?.load()}></sagitta-preop-editor><sagitta-plan-panel></sagitta-plan-panel>
        <p class="prone">Pre-op values are standing; intra-operative values are prone and differ from them.</p>` : nothing}
      ${this.tab === CaseTab.COMPARISON && this.caseId ? html`<sagitta-comparison .caseId=${this.caseId} .snapshots=${this.detail?.snapshots ?? []}></sagitta-comparison>` : nothing}
      ${this.tab === CaseTab.REPLAY && this.caseId ? html`<sagitta-case-replay .caseId=${this.caseId} .videos=${this.detail?.videos ?? []}></sagitta-case-replay>` : nothing}
      ${this.exports()}`;
  }
}

declare global { interface HTMLElementTagNameMap { 'sagitta-case-view': CaseView } }
