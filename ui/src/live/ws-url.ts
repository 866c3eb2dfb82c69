/** The `/live` WebSocket address of the page's own origin, with the page's `?token=` passed through. */
export function liveSocketUrl(location: { protocol: string; host: string; search: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = new URLSearchParams(location.search).get('token');
  return `${scheme}//${location.host}/live${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/** The page's `?token=` value, or undefined. */
export function pageToken(search: string): string | undefined {
  return new URLSearchParams(search).get('token') ?? undefined;
}

/** Delay before reconnection attempt `tries` (1, 2, …): 1 s, 2 s, … capped at 5 s. */
export function reconnectDelayMs(tries: number): number {
  return Math.min(tries, 5) * 1000;
}
