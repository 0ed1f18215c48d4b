// Serves the built web apps (web/dist, made by `npm run build:web`): the admin app at `/` and the member
// portal at `/portal`, both single-page apps with an HTML fallback. API routes are registered with exact
// paths and always win over the catch-all route here.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from './errors.ts';

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Paths that belong to the API or the platform: never answered with an app page. */
const NOT_APP = /^\/(api|v1|docs|metrics|healthz|readyz|openapi\.json)(\/|$)/;

const MISSING_BUILD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Moadon — web app not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The web app has not been built yet</h1>
<p>The API is running, but <code>web/dist</code> is missing. Build the admin app and member portal with:</p>
<pre>npm run build:web</pre>
<p>(<code>npm install</code> runs this automatically.) The API is available under <a href="/docs">/docs</a>.</p>
</body></html>`;

function sendPage(reply: FastifyReply, file: string) {
  // The security headers come from the one app-wide policy (security-headers.ts).
  reply.header('cache-control', 'no-cache');
  return reply.sendFile(file, { cacheControl: false });
}

export function webPlugin(options: { distDir?: string } = {}) {
  const distDir = path.resolve(options.distDir ?? DEFAULT_WEB_DIST);
  return async function webRoutes(app: FastifyInstance) {
    const built = fs.existsSync(path.join(distDir, 'index.html'));
    if (built) await app.register(fastifyStatic, { root: distDir, serve: false });

    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      const urlPath = decodeURIComponent(request.url.split('?')[0] ?? '/');
      if (NOT_APP.test(urlPath)) {
        throw new AppError('route_not_found', 404, `No route ${request.method} ${urlPath}`);
      }
      if (!built) return reply.code(503).type('text/html; charset=utf-8').send(MISSING_BUILD);
      const relative = path.normalize(urlPath).replace(/^([/\\])+/, '');
      const file = path.join(distDir, relative);
      if (
        relative &&
        file.startsWith(distDir + path.sep) &&
        fs.statSync(file, { throwIfNoEntry: false })?.isFile()
      ) {
        if (relative.endsWith('.html')) return sendPage(reply, relative);
        // Vite puts content hashes in asset names, so they never change under the same URL.
        if (relative.startsWith('assets/')) {
          return reply.sendFile(relative, { maxAge: 365 * 86_400_000, immutable: true });
        }
        return reply.sendFile(relative);
      }
      if (path.extname(urlPath)) {
        throw new AppError('file_not_found', 404, `No file ${urlPath}`);
      }
      const portal = urlPath === '/portal' || urlPath.startsWith('/portal/');
      return sendPage(reply, portal ? 'portal/index.html' : 'index.html');
    });
  };
}
