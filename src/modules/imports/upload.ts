// Receives an uploaded CSV as a stream and writes it to a file: raw `text/csv` bodies or the first file of a
// multipart/form-data body. The file is never held in memory, whatever its size.
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { Busboy, type BusboyHeaders } from '@fastify/busboy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors.ts';

export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
export const UPLOAD_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream'];

// The body as the request hooks hand it on (counted against the route's body limit), kept for the route.
const bodies = new WeakMap<FastifyRequest, Readable>();

/** Registers parsers that leave the body unread, so the route can stream it (scoped to the calling plugin). */
export function streamBodies(app: FastifyInstance): void {
  app.addContentTypeParser([...UPLOAD_TYPES, 'multipart/form-data'], (request, payload, done) => {
    bodies.set(request, payload);
    done(null);
  });
}

function limited(max: number): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      if (total > max) {
        done(
          new AppError('payload_too_large', 413, `The file is larger than ${Math.round(max / 1024 ** 2)} MB`),
        );
      } else done(null, chunk);
    },
  });
}

/** Writes the request's file to `target`; returns the file name the client gave, if any. */
export async function receiveUpload(request: FastifyRequest, target: string): Promise<string | undefined> {
  const body = bodies.get(request) ?? request.raw;
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  try {
    if (type !== 'multipart/form-data') {
      if (!UPLOAD_TYPES.includes(type)) {
        throw new AppError('unsupported_media_type', 415, 'Send the CSV as text/csv or multipart/form-data');
      }
      await pipeline(body, limited(MAX_UPLOAD_BYTES), fs.createWriteStream(target));
      return undefined;
    }
    return await new Promise<string | undefined>((resolve, reject) => {
      let fileName: string | undefined;
      let saving: Promise<void> | undefined;
      const parser = new Busboy({
        headers: request.headers as BusboyHeaders,
        limits: { files: 1, fileSize: MAX_UPLOAD_BYTES },
      });
      parser.on('file', (_field, stream, name) => {
        fileName = name;
        stream.on('limit', () =>
          stream.destroy(new AppError('payload_too_large', 413, 'The file is too large')),
        );
        saving = pipeline(stream, fs.createWriteStream(target));
        saving.catch(reject);
      });
      parser.on('error', reject);
      parser.on('finish', () => {
        if (!saving) reject(new AppError('file_missing', 400, 'The multipart body has no file part'));
        else saving.then(() => resolve(fileName), reject);
      });
      body.pipe(parser);
    });
  } catch (e) {
    fs.rmSync(target, { force: true });
    throw e;
  }
}
