/**
 * uPlot options of the case timeline: time axis as clock time, degrees on
 * y (set by the chart, not auto-ranged: NaN gaps would poison uPlot's own
 * min/max), one series per angle drawn by `gapLinePaths`, drag to select
 * (the chart zooms itself), no legend (the chart's bar has the key).
 */
import type uPlot from 'uplot';
import { shortName } from '../state/names.js';
import { SERIES_COLOURS } from '../components/theme.js';
import { gapLinePaths } from './gap-paths.js';

/** `HH:MM:SS` of a time in s since the epoch, local time (one axis row, no date). */
export function clockLabel(s: number): string {
  const d = new Date(s * 1000);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** Colour of the series of `angle`, or null when it is not on the chart. */
export function seriesColour(names: readonly string[], angle: string): string | null {
  const i = names.indexOf(angle);
  return i >= 0 ? SERIES_COLOURS[i % SERIES_COLOURS.length]! : null;
}

const AXIS = { stroke: '#d6dee5', grid: { stroke: '#1f2b36', width: 1 }, ticks: { stroke: '#2a3a48' }, font: "14px 'DejaVu Sans'" };

/** Options for a chart of `width`×`height` CSS px showing the angles `names`. */
export function timelineOptions(width: number, height: number, names: readonly string[], hooks: uPlot.Hooks.Arrays): uPlot.Options {
  return {
    width, height,
    pxAlign: 0,
    cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
    scales: { x: { time: true }, y: { auto: false, range: [-10, 70] } },
    legend: { show: false },
    axes: [
      { ...AXIS, size: 30, space: 90, values: (_u, vals) => vals.map(clockLabel) },
      { ...AXIS, size: 56, values: (_u, vals) => vals.map((v) => `${v}°`) },
    ],
    series: [
      { label: 'time' },
      ...names.map((n) => ({
        label: shortName(n), stroke: seriesColour(names, n)!, width: 2.5, paths: gapLinePaths, spanGaps: false,
        value: (_u: uPlot, v: number | null) => (v === null || Number.isNaN(v) ? '–' : `${v.toFixed(1)}°`),
      })),
    ],
    hooks,
  };
}
