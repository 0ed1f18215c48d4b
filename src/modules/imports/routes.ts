// HTTP: upload and follow imports, download their rejected rows, export members as CSV.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { IsoDateTime, ProgramParams, StringEnum, Uuid } from '../../platform/http/schemas.ts';
import { actorOf } from '../audit/index.ts';
import { getProgram } from '../programs/index.ts';
import { splitListCell, type ConsentOption } from './consent.ts';
import type { HistoryOptions } from './history-orders.ts';
import { memberCsvChunks, parseExportFields } from './export.ts';
import { createImport, getImport, importErrorsPath, importsDir, listImports } from './service.ts';
import { MAX_UPLOAD_BYTES, receiveUpload, streamBodies } from './upload.ts';

const Counts = Type.Object({
  total: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
});

const ImportSchema = Type.Object({
  id: Uuid,
  programId: Uuid,
  status: StringEnum(['queued', 'running', 'completed', 'failed'] as const),
  kind: StringEnum(['members', 'history'] as const, {
    description: 'members: a member list; history: past sales recorded as purchases without points',
  }),
  dryRun: Type.Boolean(),
  fileName: Type.String(),
  checksum: Type.String({ description: 'sha256 of the file' }),
  encoding: Type.String(),
  options: Type.Record(Type.String(), Type.Unknown()),
  counts: Counts,
  effects: Type.Object(
    {
      consentRecorded: Type.Integer(),
      consentUnchanged: Type.Integer(),
      consentWithdrawalsKept: Type.Integer({
        description: 'Grants not recorded: the member withdrew that consent (unsubscribe, STOP, preferences)',
      }),
      listsAdded: Type.Integer(),
      listsExisting: Type.Integer(),
      phonesDropped: Type.Integer({
        description: 'Rows imported without their phone, which was not valid (invalidPhone=keep_row)',
      }),
    },
    { description: 'Consent records and list memberships added (dry run: that would be)' },
  ),
  history: Type.Union(
    [
      Type.Object({
        linesImported: Type.Integer(),
        membersCreated: Type.Integer(),
        ordersMerged: Type.Integer(),
        dropped: Type.Record(Type.String(), Type.Integer(), {
          description: 'Lines each cleaning rule dropped (no_customer, zero_price, duplicate_line, …)',
        }),
      }),
      Type.Null(),
    ],
    {
      description:
        'A history import: counts are orders (created recorded, updated refunded by a cancellation, ' +
        'unchanged recorded before, rejected invalid lines)',
    },
  ),
  progress: Type.Object({
    rowsDone: Type.Integer(),
    bytesDone: Type.Integer(),
    sizeBytes: Type.Integer(),
    percent: Type.Number(),
  }),
  report: Type.Record(Type.String(), Type.Unknown()),
  sameAsImportId: Type.Union([Uuid, Type.Null()], {
    description: 'An earlier completed import of the very same file',
  }),
  failure: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
  startedAt: Type.Union([IsoDateTime, Type.Null()]),
  finishedAt: Type.Union([IsoDateTime, Type.Null()]),
});

const ImportParams = Type.Object({ programId: Uuid, importId: Uuid });

const UploadQuery = Type.Object({
  kind: Type.Optional(
    StringEnum(['members', 'history'] as const, {
      default: 'members',
      description: 'history: order lines of past sales (see docs/import-export.md, "Sales history")',
    }),
  ),
  unknownCustomers: Type.Optional(StringEnum(['create', 'skip'] as const)),
  zeroPrices: Type.Optional(StringEnum(['drop', 'keep'] as const)),
  duplicates: Type.Optional(StringEnum(['drop', 'keep'] as const)),
  cancellations: Type.Optional(StringEnum(['refund', 'drop'] as const)),
  cancellationPrefix: Type.Optional(Type.String({ maxLength: 10 })),
  dateOrder: Type.Optional(StringEnum(['dmy', 'mdy'] as const)),
  timeZone: Type.Optional(Type.String({ maxLength: 64, description: 'Zone of times without an offset' })),
  dryRun: Type.Optional(Type.Boolean({ default: false })),
  map: Type.Optional(
    Type.String({
      maxLength: 4000,
      description: 'field=Header pairs, comma-separated: email=E-mail,first_name=שם',
    }),
  ),
  region: Type.Optional(
    Type.String({
      pattern: '^[A-Z]{2}$',
      description:
        "Country of phones written without a country code, unless the row's phone_country says otherwise (default: the program's region)",
    }),
  ),
  invalidPhone: Type.Optional(
    StringEnum(['reject', 'keep_row'] as const, {
      description:
        'A phone that is not valid: reject the row (default), or import the row without it (listed in the error file as phone_dropped)',
    }),
  ),
  encoding: Type.Optional(Type.String({ maxLength: 40, description: 'auto (default), utf8, windows-1255' })),
  fileName: Type.Optional(Type.String({ maxLength: 255 })),
  consent: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        'Every imported member consents to these, comma-separated: email, sms, phone (marketing) or email:service …',
    }),
  ),
  consentText: Type.Optional(
    Type.String({
      maxLength: 4000,
      description: 'The consent wording the members agreed to (kept as proof)',
    }),
  ),
  list: Type.Optional(
    Type.String({
      maxLength: 2000,
      description: 'Add every imported member to these lists: names or ids, separated by ;',
    }),
  ),
});

function historyQuery(q: Static<typeof UploadQuery>): HistoryOptions {
  const keys = [
    'unknownCustomers',
    'zeroPrices',
    'duplicates',
    'cancellations',
    'cancellationPrefix',
    'dateOrder',
    'timeZone',
  ] as const;
  return Object.fromEntries(keys.filter((k) => q[k] !== undefined).map((k) => [k, q[k]]));
}

export async function importRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, config } = app.ctx;
  const dataDir = config.dataDir ?? path.join(os.tmpdir(), 'moadon');
  streamBodies(app);

  app.post(
    '/api/programs/:programId/imports',
    {
      config: { auth: { permission: 'members:import' } },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags: ['imports'],
        summary:
          'Upload a CSV of members or of past sales (?kind=history; text/csv body or multipart/form-data) and start importing it',
        description:
          'The file is streamed to disk and imported in the background; follow it with GET …/imports/:id. ' +
          'With ?dryRun=true nothing is written: the report says what would happen.',
        params: ProgramParams,
        querystring: UploadQuery,
        response: { 202: ImportSchema },
      },
    },
    async (request, reply) => {
      await getProgram(db, request.params.programId);
      const dir = importsDir(dataDir);
      const id = crypto.randomUUID();
      const filePath = path.join(dir, `${id}.csv`);
      const uploadedName = await receiveUpload(request, filePath);
      const q = request.query;
      try {
        const created = await createImport(db, clock, actorOf(request), {
          id,
          programId: request.params.programId,
          filePath,
          fileName: q.fileName ?? uploadedName ?? 'upload.csv',
          dryRun: q.dryRun ?? false,
          kind: q.kind ?? 'members',
          dir,
          enqueue: true,
          options: {
            ...(q.map !== undefined ? { map: q.map } : {}),
            ...(q.region !== undefined ? { region: q.region } : {}),
            ...(q.invalidPhone !== undefined ? { invalidPhone: q.invalidPhone } : {}),
            ...(q.encoding !== undefined ? { encoding: q.encoding } : {}),
            ...(q.consent !== undefined ? { consent: q.consent.split(',') as ConsentOption[] } : {}),
            ...(q.consentText !== undefined ? { consentText: q.consentText } : {}),
            ...(q.list !== undefined ? { lists: splitListCell(q.list) } : {}),
            ...(q.kind === 'history' ? { history: historyQuery(q) } : {}),
          },
        });
        return reply
          .code(202)
          .header('location', `/api/programs/${request.params.programId}/imports/${id}`)
          .send(created);
      } catch (e) {
        fs.rmSync(filePath, { force: true });
        throw e;
      }
    },
  );

  app.get(
    '/api/programs/:programId/imports',
    {
      config: { auth: { permission: 'members:import' } },
      schema: {
        tags: ['imports'],
        summary: 'Recent imports, newest first',
        params: ProgramParams,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(ImportSchema) }) },
      },
    },
    async (request) => ({
      items: await listImports(db, request.params.programId, request.query.limit ?? 20),
    }),
  );

  app.get(
    '/api/programs/:programId/imports/:importId',
    {
      config: { auth: { permission: 'members:import' } },
      schema: {
        tags: ['imports'],
        summary: 'Progress and report of an import',
        params: ImportParams,
        response: { 200: ImportSchema },
      },
    },
    async (request) => getImport(db, request.params.programId, request.params.importId),
  );

  app.get(
    '/api/programs/:programId/imports/:importId/errors',
    {
      config: { auth: { permission: 'members:import' } },
      schema: {
        tags: ['imports'],
        summary:
          'The rejected rows (and rows imported without their phone) as CSV: the original columns, then _row, _error (the reason) and _details (its code and details as JSON)',
        params: ImportParams,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const file = await importErrorsPath(db, request.params.programId, request.params.importId);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${request.params.importId}-errors.csv"`)
        .send(fs.createReadStream(file));
    },
  );

  app.get(
    '/api/programs/:programId/members/export',
    {
      config: { auth: { permission: 'members:export' } },
      schema: {
        tags: ['members'],
        summary: 'All active members as CSV (UTF-8 with BOM), streamed',
        params: ProgramParams,
        querystring: Type.Object({
          fields: Type.Optional(
            Type.String({
              maxLength: 2000,
              description:
                'Comma-separated: id, external_id, email, phone, first_name, … or attributes.<name>',
            }),
          ),
        }),
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const fields = parseExportFields(request.query.fields);
      const program = await getProgram(db, request.params.programId);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${program.slug}-members.csv"`)
        .send(Readable.from(memberCsvChunks(db, program.id, fields)));
    },
  );
}
