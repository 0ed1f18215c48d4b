// HTTP for the admin app's import screen: a first look at a CSV (header, sample rows, suggested mapping)
// before uploading all of it, and the first rejected rows of an import as JSON.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ProgramParams, Uuid } from '../../platform/http/schemas.ts';
import { getProgram } from '../programs/index.ts';
import { INSPECT_MAX_BYTES, inspectCsv, sampleRejectedRows } from './inspect.ts';
import { importErrorsPath } from './service.ts';
import { UPLOAD_TYPES } from './upload.ts';

export async function importInspectRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.ctx;
  app.addContentTypeParser(
    UPLOAD_TYPES,
    { parseAs: 'buffer', bodyLimit: INSPECT_MAX_BYTES },
    (_r, body, done) => done(null, body),
  );

  app.post(
    '/api/programs/:programId/imports/inspect',
    {
      config: { auth: { permission: 'members:import' } },
      schema: {
        tags: ['imports'],
        summary: 'Read the header and first rows of a CSV and suggest the column mapping',
        description:
          `Send the start of the file (up to ${INSPECT_MAX_BYTES / 1024} KB) as text/csv; with ?complete=false ` +
          'the last, possibly cut, line is ignored. Nothing is stored.',
        params: ProgramParams,
        querystring: Type.Object({
          complete: Type.Optional(Type.Boolean({ default: true })),
          encoding: Type.Optional(
            Type.String({
              maxLength: 40,
              description: 'Read the sample as auto (default: what the bytes point to), utf8, windows-1255 …',
            }),
          ),
        }),
        response: {
          200: Type.Object({
            encoding: Type.String({ description: 'The encoding the sample was read with' }),
            detectedEncoding: Type.String({ description: 'What encoding=auto picks from the evidence' }),
            evidence: Type.Object({
              bom: Type.Boolean(),
              validMultibyte: Type.Integer({ description: 'Valid UTF-8 characters of 2–4 bytes' }),
              invalidBytes: Type.Integer({ description: 'Bytes that cannot be UTF-8 where they stand' }),
              utf8Share: Type.Number({ description: 'validMultibyte ÷ (validMultibyte + invalidBytes)' }),
            }),
            delimiter: Type.String(),
            header: Type.Array(Type.String()),
            sample: Type.Array(Type.Array(Type.String())),
            suggested: Type.Record(Type.String(), Type.String()),
            ignored: Type.Array(Type.String()),
            targets: Type.Array(Type.String()),
          }),
        },
      },
    },
    async (request) => {
      const program = await getProgram(db, request.params.programId);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const attributes = Object.keys(program.memberAttributeSchema ?? {});
      return inspectCsv(body, attributes, request.query.complete ?? true, request.query.encoding);
    },
  );

  app.get(
    '/api/programs/:programId/imports/:importId/errors/sample',
    {
      config: { auth: { permission: 'members:import' } },
      schema: {
        tags: ['imports'],
        summary:
          'The first lines of the error file (rejected rows, and rows imported without their phone), with their reasons (the full list: …/errors as CSV)',
        params: Type.Object({ programId: Uuid, importId: Uuid }),
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                row: Type.Integer(),
                error: Type.String({ description: 'code: message, in English' }),
                code: Type.String({
                  description:
                    'duplicate_in_file, invalid_email, invalid_phone, phone_dropped (imported without the phone), …',
                }),
                details: Type.Record(Type.String(), Type.Unknown()),
                values: Type.Record(Type.String(), Type.String()),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { programId, importId } = request.params;
      const file = await importErrorsPath(db, programId, importId);
      return { items: await sampleRejectedRows(file, request.query.limit) };
    },
  );
}
