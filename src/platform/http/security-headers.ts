// The one security-header policy, applied to every response (@fastify/helmet): pages, the admin app and the
// portal, /docs, the API's JSON and its errors. Nothing of ours may be framed (frame-ancestors 'none',
// X-Frame-Options DENY), so unsubscribe and preference pages cannot be overlaid by another site; nothing is
// loaded cross-origin except what a route marks with CROSS_ORIGIN_RESOURCE (the embeddable signup script).
// Scripts come only from our own files (no inline script anywhere); inline styles are allowed because the
// server-rendered pages carry their stylesheet and React sets style attributes. Links carry no Referer, so a
// token in a page's URL (/u/…, /preferences/…, /confirm/…) never leaves with a click.
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import helmetHeaders from 'helmet';

const DIRECTIVES = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  // QR codes of coupons and the portal card are data: images; previews of e-mails (frames of the admin app,
  // which carry its policy) show the images the e-mail links to.
  'img-src': ["'self'", 'data:', 'https:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

type HelmetRouteOptions = FastifyHelmetOptions;

function policy(directives: Record<string, string[]>): HelmetRouteOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives },
    // Not upgrade-insecure-requests: a club served over plain http (a trial on localhost) must keep working.
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    // Sent over https only by browsers' rules (RFC 6797 §8.1): harmless on a plain-http trial.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
  };
}

export const SECURITY_HEADERS: HelmetRouteOptions = policy(DIRECTIVES);

/**
 * For a page whose form posts to us and is then sent on (303) to the club's own thank-you page on another
 * site: Chromium applies form-action to that redirect too, so these pages may submit anywhere. They still
 * load nothing but our own files and cannot be framed.
 */
const { 'form-action': _formAction, ...ANY_FORM_ACTION } = DIRECTIVES;
export const OUTBOUND_FORM_PAGE: HelmetRouteOptions = policy(ANY_FORM_ACTION);

/** For what other sites load on purpose (the embeddable signup form's script): the same headers, any origin. */
export const CROSS_ORIGIN_RESOURCE: HelmetRouteOptions = {
  ...SECURITY_HEADERS,
  crossOriginResourcePolicy: { policy: 'cross-origin' },
};

// The same helmet, seen through its ESM typings rather than the CommonJS ones @fastify/helmet's types use.
const setHeaders = helmetHeaders(SECURITY_HEADERS as Parameters<typeof helmetHeaders>[0]);

/** For the few answers given before any hook runs (a URL that is not valid percent-encoding). */
export function applySecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  setHeaders(request.raw, reply.raw, () => {});
}

export const securityHeadersPlugin = fp(async (app: FastifyInstance) => {
  await app.register(helmet, { ...SECURITY_HEADERS, global: true });
});
