/**
 * What `--source` names, parsed once: a video file (played in real time,
 * optionally looped), a V4L2 capture device (`/dev/videoN`, how a frame
 * grabber brings the C-arm's video into a PC), a network stream (RTSP, UDP,
 * HTTP(S), SRT, RTP, TCP) or an ffmpeg lavfi graph (`lavfi:testsrc=…`, tests).
 */
import { existsSync } from 'node:fs';

export const SourceKind = { file: 'file', device: 'device', network: 'network', lavfi: 'lavfi' } as const;
export type SourceKind = (typeof SourceKind)[keyof typeof SourceKind];

export const Deinterlace = { auto: 'auto', on: 'on', off: 'off' } as const;
export type Deinterlace = (typeof Deinterlace)[keyof typeof Deinterlace];

export interface SourceSpec {
  readonly kind: SourceKind;
  /** File path, device path, URL or lavfi graph. */
  readonly input: string;
  /** Files: read at the native frame rate (`-re`), as a live source would deliver. Default true. */
  readonly realtime: boolean;
  /** Files: start again at the end. Default false. */
  readonly loop: boolean;
  /** `auto` deinterlaces frames flagged interlaced (bwdif), `on` every frame, `off` none. */
  readonly deinterlace: Deinterlace;
  /**
   * Pixel aspect ratio `N:D` forced on the input when the grabber does not
   * flag it (PAL 720×576 is 16:15, NTSC 720×480 is 10:11); undefined keeps
   * the stream's own SAR. Frames are always scaled to square pixels.
   */
  readonly pixelAspect?: string | undefined;
}

const NETWORK = /^(rtsps?|rtmp|udp|rtp|srt|tcp|https?):\/\//i;

/** Parses a `--source` value; throws an Error naming the problem. */
export function parseSource(source: string, options: Partial<Omit<SourceSpec, 'kind' | 'input'>> = {}): SourceSpec {
  const base = { realtime: options.realtime ?? true, loop: options.loop ?? false, deinterlace: options.deinterlace ?? Deinterlace.auto, pixelAspect: options.pixelAspect };
  if (base.pixelAspect !== undefined && !/^\d{1,4}:\d{1,4}$/.test(base.pixelAspect)) {
    throw new Error(`pixel aspect must be N:D such as 16:15, got "${base.pixelAspect}"`);
  }
  if (source.startsWith('lavfi:')) return { kind: SourceKind.lavfi, input: source.slice(6), ...base };
  if (NETWORK.test(source)) return { kind: SourceKind.network, input: source, ...base };
  if (/^\/dev\/video\d+$/.test(source)) return { kind: SourceKind.device, input: source, ...base };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) throw new Error(`unsupported source URL scheme in "${source.replace(/\/\/[^@/]*@/, '//…@')}" (use rtsp, udp, rtp, srt, tcp, http or https)`);
  if (!existsSync(source)) throw new Error(`video source "${source}" does not exist`);
  return { kind: SourceKind.file, input: source, ...base };
}

/** The source as shown to users: URLs lose their credentials. */
export function describeSource(spec: SourceSpec): string {
  return spec.kind === SourceKind.network ? spec.input.replace(/\/\/[^@/]*@/, '//') : spec.input;
}
