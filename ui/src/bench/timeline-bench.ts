/** Browser benchmark page of the timeline (filled in by bench/ui-timeline.bench.ts). */
export {};
