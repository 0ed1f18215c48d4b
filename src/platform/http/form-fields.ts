// Reads a multipart/form-data body into its text fields, as @fastify/formbody does for urlencoded forms. A browser
// posts a form this way when its page says enctype="multipart/form-data", and so can any client; the fields
// must be read, never dropped, because a missing field can mean "withdraw" to the route that receives them.
import { Busboy, type BusboyHeaders } from '@fastify/busboy';
import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.ts';

const LIMITS = { fields: 200, fieldNameSize: 200, fieldSize: 10_000, files: 0, parts: 200 };

/** Registers a multipart/form-data parser for the calling plugin's routes; the body becomes `{ name: value }`. */
export function parseMultipartFields(app: FastifyInstance): void {
  app.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    let parser: InstanceType<typeof Busboy>;
    try {
      parser = new Busboy({ headers: request.headers as BusboyHeaders, limits: LIMITS });
    } catch (e) {
      done(new AppError('invalid_form', 400, `The multipart body cannot be read: ${(e as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    let failed = false;
    const fail = (message: string) => {
      if (failed) return;
      failed = true;
      payload.unpipe(parser);
      payload.resume();
      done(new AppError('invalid_form', 400, message));
    };
    parser.on('field', (name: string, value: string, nameTruncated: boolean, valueTruncated: boolean) => {
      if (nameTruncated || valueTruncated) fail(`The form field "${name.slice(0, 50)}" is too long`);
      else fields[name] = value;
    });
    parser.on('file', (name: string, stream: NodeJS.ReadableStream) => {
      stream.resume();
      fail(`This form takes no files (got "${name.slice(0, 50)}")`);
    });
    parser.on('fieldsLimit', () => fail(`The form has more than ${LIMITS.fields} fields`));
    parser.on('partsLimit', () => fail(`The form has more than ${LIMITS.parts} parts`));
    parser.on('filesLimit', () => fail('This form takes no files'));
    parser.on('error', (e: Error) => fail(`The multipart body cannot be read: ${e.message}`));
    parser.on('finish', () => {
      if (!failed) done(null, fields);
    });
    payload.pipe(parser);
  });
}
