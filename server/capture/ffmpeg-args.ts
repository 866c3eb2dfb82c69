/**
 * The ffmpeg argument array for a source: pure, so that it is tested as data.
 * Output is raw 8-bit gray frames on stdout, deinterlaced and scaled to
 * square pixels, one output frame per decoded frame (`passthrough`: never
 * duplicated or dropped to reach a constant rate).
 */
import type { SourceSpec } from './source-spec.js';

export interface FfmpegFeatures {
  /** `-fps_mode` exists (ffmpeg ≥ 5.1); otherwise `-vsync` is used. */
  readonly fpsMode: boolean;
}

/** Flags that make ffmpeg hand over frames as soon as they are decoded (live sources). */
export const LOW_LATENCY_INPUT = ['-fflags', 'nobuffer', '-flags', 'low_delay', '-probesize', '32768', '-analyzeduration', '0'] as const;

/**
 * The video filter: deinterlace (bwdif, one frame out per frame in), force
 * the pixel aspect if asked, scale to square pixels (width × SAR), gray.
 */
export function videoFilter(spec: SourceSpec): string {
  const parts: string[] = [];
  if (spec.deinterlace !== 'off') parts.push(`bwdif=mode=send_frame:parity=auto:deint=${spec.deinterlace === 'on' ? 'all' : 'interlaced'}`);
  if (spec.pixelAspect) parts.push(`setsar=${spec.pixelAspect.replace(':', '/')}`);
  parts.push("scale=w='if(gt(sar,0),trunc(iw*sar/2)*2,iw)':h=ih", 'setsar=1', 'format=gray');
  return parts.join(',');
}

/** Input options and `-i` for the source kind. */
export function inputArgs(spec: SourceSpec): string[] {
  switch (spec.kind) {
    case 'file':
      return [...(spec.realtime ? ['-re'] : []), ...(spec.loop ? ['-stream_loop', '-1'] : []), '-i', spec.input];
    case 'lavfi':
      return [...(spec.realtime ? ['-re'] : []), '-f', 'lavfi', '-i', spec.input];
    case 'device':
      return [...LOW_LATENCY_INPUT, '-f', 'v4l2', '-i', spec.input];
    case 'network': {
      const rtsp = /^rtsps?:/i.test(spec.input) ? ['-rtsp_transport', 'tcp'] : [];
      return [...LOW_LATENCY_INPUT, ...rtsp, '-i', spec.input];
    }
  }
}

/** The full argv (without the binary) for one capture run. */
export function buildFfmpegArgs(spec: SourceSpec, features: FfmpegFeatures): string[] {
  return [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info',
    ...inputArgs(spec),
    '-map', '0:v:0', '-an', '-sn', '-dn',
    '-vf', videoFilter(spec),
    ...(features.fpsMode ? ['-fps_mode', 'passthrough'] : ['-vsync', 'passthrough']),
    '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1',
  ];
}

/**
 * Reads the output frame size from ffmpeg's stderr: the first rawvideo
 * stream line after `Output #0`, e.g. `Stream #0:0: Video: rawvideo (Y800 …), gray, 768x576 [SAR 1:1 …]`.
 */
export function parseOutputSize(line: string): { width: number; height: number } | null {
  const m = /Stream #0:0.*Video: rawvideo.*?, (\d{1,5})x(\d{1,5})/.exec(line);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}
