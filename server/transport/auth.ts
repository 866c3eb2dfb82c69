/**
 * Access token: required for every HTTP request and WebSocket when the
 * monitor listens beyond loopback (`--host`). Accepted from `?token=`, the
 * `sagitta_token` cookie (set on the first page load with a valid token, so
 * the dashboard's assets and WebSocket carry it), or `Authorization: Bearer`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'sagitta_token';

/** A new random token (128 bits, URL-safe). */
export function newToken(): string { return randomBytes(16).toString('base64url'); }

function tokenFrom(req: IncomingMessage, url: URL): string | undefined {
  const q = url.searchParams.get('token');
  if (q) return q;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookie = req.headers.cookie ?? '';
  const m = new RegExp(`(?:^|;\\s*)${TOKEN_COOKIE}=([^;]+)`).exec(cookie);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

/** True when no token is required or the request carries the right one (constant-time compare). */
export function authorised(req: IncomingMessage, url: URL, token: string | undefined): boolean {
  if (!token) return true;
  const given = tokenFrom(req, url);
  if (!given) return false;
  const a = Buffer.from(given), b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Set-Cookie value that stores the token for the dashboard's later requests. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}
