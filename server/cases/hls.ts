/**
 * Replay index of a recorded shot video: keyframe times from the MP4 sample
 * table and HLS (MPEG-TS) segments built on demand, both with node-video-lib.
 */
import { closeSync, openSync } from 'node:fs';
import VideoLib from 'node-video-lib';

/** Target HLS segment length, seconds (segments cut at keyframes). */
export const SEGMENT_S = 2;

function withFd<T>(file: string, f: (fd: number) => T): T {
  const fd = openSync(file, 'r');
  try { return f(fd); } finally { closeSync(fd); }
}

/** Presentation times (seconds from the start of the file) of the keyframes of the video track. */
export function keyframeTimes(file: string): number[] {
  return mp4Index(file).keyframes;
}

/** Keyframe times and the number of video samples (frames) of an MP4, from its sample table. Throws when unreadable. */
export function mp4Index(file: string): { keyframes: number[]; frames: number } {
  return withFd(file, (fd) => {
    const track = VideoLib.MovieParser.parse(fd).videoTrack();
    if (!track) throw new Error(`${file}: no video track`);
    return { keyframes: track.samples.filter((s) => s.keyframe).map((s) => s.timestamp / s.timescale), frames: track.samples.length };
  });
}

/** An HLS media playlist for one file; segment i is served at `${base}${i}.ts`. */
export function hlsPlaylist(file: string, base: string): string {
  return withFd(file, (fd) => {
    const list = VideoLib.FragmentListBuilder.build(VideoLib.MovieParser.parse(fd), SEGMENT_S);
    const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${Math.ceil(list.maxFragmentDuration())}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD'];
    for (let i = 0; i < list.count(); i++) lines.push(`#EXTINF:${list.get(i).relativeDuration().toFixed(3)},`, `${base}${i}.ts`);
    lines.push('#EXT-X-ENDLIST');
    return lines.join('\n') + '\n';
  });
}

/** MPEG-TS segment `index` of the file's HLS split; throws when out of range. */
export function hlsSegment(file: string, index: number): Buffer {
  return withFd(file, (fd) => {
    const list = VideoLib.FragmentListBuilder.build(VideoLib.MovieParser.parse(fd), SEGMENT_S);
    if (!Number.isInteger(index) || index < 0 || index >= list.count()) throw new Error(`segment ${index} out of range 0..${list.count() - 1}`);
    const fragment = list.get(index);
    return VideoLib.HLSPacketizer.packetize(fragment, VideoLib.FragmentReader.readSamples(fragment, fd));
  });
}
