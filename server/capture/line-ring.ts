/**
 * A bounded ring of the last text lines of a stream (ffmpeg's stderr), as
 * fluent-ffmpeg's `linesRing`: attached to errors so that a source that never
 * worked is reported with ffmpeg's own words. Memory stays bounded whatever
 * ffmpeg prints.
 */

export class LineRing {
  private readonly lines: string[] = [];
  private partial = '';

  /** Keeps at most `capacity` lines of at most `maxLineLength` characters each. */
  constructor(private readonly capacity = 20, private readonly maxLineLength = 500) {}

  /** Appends text; complete lines (split on \n or \r) are returned and kept. */
  push(text: string): string[] {
    const parts = (this.partial + text).split(/\r\n|\n|\r/);
    this.partial = (parts.pop() ?? '').slice(0, this.maxLineLength);
    const done: string[] = [];
    for (const raw of parts) {
      const line = raw.trimEnd().slice(0, this.maxLineLength);
      if (!line) continue;
      done.push(line);
      this.lines.push(line);
      if (this.lines.length > this.capacity) this.lines.shift();
    }
    return done;
  }

  /** The last `n` lines (all kept when omitted), including an unfinished one. */
  tail(n = this.capacity): string[] {
    const all = this.partial.trim() ? [...this.lines, this.partial.trim()] : [...this.lines];
    return all.slice(-n);
  }

  clear(): void { this.lines.length = 0; this.partial = ''; }
}
