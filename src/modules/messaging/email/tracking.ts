// Open and click tracking, switched on per program. Links in the HTML are rewritten to /t/c/<token>, where
// the token is HMAC-signed and carries the message id, the link's position and a hash of its target (the
// target itself rides in ?u=, so long links keep the path short): the redirect goes only where a message we
// sent pointed, so /t/c/ cannot be used as an open redirect. The open pixel is
// /t/o/<token>. Unsubscribe and preference links, mailto: and tel: are left alone.
import crypto from 'node:crypto';
import { signToken, verifyToken } from '../../../platform/secret.ts';

export const TRACKING_PREFIX = '/t';

export interface TrackingOptions {
  /** MOADON_PUBLIC_URL, without the trailing slash. */
  baseUrl: string;
  secret: string;
  opens: boolean;
  clicks: boolean;
  /** Links never rewritten (the message's unsubscribe URL). */
  keep?: readonly string[];
}

const decodeEntities = (s: string) =>
  s.replace(
    /&(amp|quot|#39|lt|gt);/g,
    (_, e: string) => ({ amp: '&', quot: '"', '#39': "'", lt: '<', gt: '>' })[e]!,
  );
const encodeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

const urlHash = (url: string) => crypto.createHash('sha256').update(url).digest('base64url').slice(0, 22);

export function clickUrl(
  options: Pick<TrackingOptions, 'baseUrl' | 'secret'>,
  messageId: string,
  index: number,
  url: string,
) {
  const token = signToken(options.secret, { k: 'click', m: messageId, i: index, h: urlHash(url) });
  return `${options.baseUrl}${TRACKING_PREFIX}/c/${token}?u=${encodeURIComponent(url)}`;
}

export function openPixelUrl(options: Pick<TrackingOptions, 'baseUrl' | 'secret'>, messageId: string) {
  return `${options.baseUrl}${TRACKING_PREFIX}/o/${signToken(options.secret, { k: 'open', m: messageId })}`;
}

function isTracked(url: string, options: TrackingOptions): boolean {
  if (!/^https?:\/\//i.test(url)) return false;
  if (options.keep?.includes(url)) return false;
  if (url.startsWith(`${options.baseUrl}/u/`) || url.startsWith(`${options.baseUrl}/preferences/`))
    return false;
  return !url.startsWith(`${options.baseUrl}${TRACKING_PREFIX}/`);
}

/**
 * The rendered HTML with its links pointing through the click tracker and the open pixel before </body> (or at
 * the end), as the program's switches say. Links are numbered in document order; the same target twice
 * keeps two positions, so a campaign report can tell the button from the footer link.
 */
export function rewriteLinks(html: string, message: { id: string }, options: TrackingOptions): string {
  let out = html;
  if (options.clicks) {
    let index = 0;
    out = out.replace(
      /(<a\b[^>]*?\bhref\s*=\s*)(?:"([^"]*)"|'([^']*)')/gi,
      (whole, start: string, double?: string, single?: string) => {
        const url = decodeEntities((double ?? single ?? '').trim());
        if (!isTracked(url, options)) return whole;
        return `${start}"${encodeAttribute(clickUrl(options, message.id, index++, url))}"`;
      },
    );
  }
  if (options.opens) {
    const pixel =
      `<img src="${encodeAttribute(openPixelUrl(options, message.id))}" width="1" height="1" alt="" ` +
      `style="display:block;width:1px;height:1px;border:0" />`;
    out = /<\/body>/i.test(out) ? out.replace(/<\/body>/i, `${pixel}\n</body>`) : `${out}\n${pixel}`;
  }
  return out;
}

export type TrackingToken =
  { kind: 'open'; messageId: string } | { kind: 'click'; messageId: string; index: number; url: string };

/**
 * What a tracking token says, or undefined when it is not one we signed (tampered, truncated, made up) or, for
 * a click, when the target is not the one it was signed with.
 */
export function readTrackingToken(secret: string, token: string, url?: string): TrackingToken | undefined {
  const p = verifyToken<{ k?: unknown; m?: unknown; i?: unknown; h?: unknown }>(secret, token);
  if (!p || typeof p.m !== 'string') return undefined;
  if (p.k === 'open') return { kind: 'open', messageId: p.m };
  if (
    p.k === 'click' &&
    typeof p.i === 'number' &&
    typeof url === 'string' &&
    /^https?:\/\//i.test(url) &&
    p.h === urlHash(url)
  ) {
    return { kind: 'click', messageId: p.m, index: p.i, url };
  }
  return undefined;
}
