/** The part of node-video-lib (CommonJS, untyped) that server/cases/hls.ts uses. */
declare module 'node-video-lib' {
  interface Sample { timestamp: number; timescale: number; size: number; offset: number; keyframe?: boolean; relativeTimestamp(): number }
  interface Track { samples: Sample[]; timescale: number; duration: number; codec: string }
  interface Movie { duration: number; timescale: number; relativeDuration(): number; videoTrack(): (Track & { width: number; height: number }) | null }
  interface Fragment { timestamp: number; duration: number; timescale: number; relativeTimestamp(): number; relativeDuration(): number }
  interface FragmentList { count(): number; get(i: number): Fragment; relativeDuration(): number; maxFragmentDuration(): number }
  const lib: {
    MovieParser: { parse(fd: number): Movie };
    FragmentListBuilder: { build(movie: Movie, fragmentDurationS: number): FragmentList };
    FragmentListIndexer: { index(list: FragmentList, fd: number): void; read(fd: number): FragmentList };
    FragmentReader: { readSamples(fragment: Fragment, fd: number): Buffer[] };
    HLSPacketizer: { packetize(fragment: Fragment, samples: Buffer[]): Buffer };
  };
  export = lib;
}
