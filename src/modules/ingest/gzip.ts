// Segment clients may gzip the body (Content-Encoding: gzip). The route's bodyLimit then applies to the
// inflated JSON, so a small compressed body cannot expand past it (Fastify counts the bytes we pass on).
import { PassThrough, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors.ts';

type CountedStream = PassThrough & { receivedEncodedLength: number };

export async function inflateGzipBody(
  request: FastifyRequest,
  _reply: FastifyReply,
  payload: Readable,
): Promise<Readable> {
  const encoding = String(request.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding === 'identity' || encoding === '') return payload;
  if (encoding !== 'gzip') {
    throw new AppError('unsupported_content_encoding', 415, 'Content-Encoding must be gzip or identity', {
      encoding,
    });
  }
  const gunzip = zlib.createGunzip();
  const inflated = new PassThrough() as CountedStream;
  // Fastify compares Content-Length with the bytes received on the wire, not with the inflated size.
  inflated.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    inflated.receivedEncodedLength += chunk.length;
  });
  payload.on('error', (e) => inflated.destroy(e));
  gunzip.on('error', () =>
    inflated.destroy(new AppError('malformed_gzip', 400, 'The body is not valid gzip data')),
  );
  payload.pipe(gunzip).pipe(inflated);
  return inflated;
}
