// One error model for the whole API: { error: { code, message, details } } with a stable snake_case code.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, id?: string) =>
  new AppError(
    `${what}_not_found`,
    404,
    `${what.replace(/_/g, ' ')} ${id ? `"${id}" ` : ''}was not found`,
    id ? { id } : {},
  );

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

function fromValidation(error: FastifyError): AppError {
  const issues = (error.validation ?? []).map((v) => {
    const where = `${error.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`;
    const params = v.params as Record<string, unknown>;
    if (v.keyword === 'additionalProperties') {
      return {
        path: where,
        problem: `unknown field "${String(params.additionalProperty)}"`,
        keyword: v.keyword,
      };
    }
    if (v.keyword === 'required')
      return {
        path: `${where}.${String(params.missingProperty)}`.replace(/\.+/g, '.'),
        problem: `missing required field "${String(params.missingProperty)}"`,
        keyword: v.keyword,
      };
    // keyword and limit let clients word the problem in the user's language.
    const limit = params.limit ?? params.allowedValues;
    return {
      path: where,
      problem: v.message ?? v.keyword,
      keyword: v.keyword,
      ...(limit !== undefined ? { limit } : {}),
    };
  });
  const first = issues[0];
  return new AppError(
    'validation_failed',
    400,
    first ? `Invalid request: ${first.path} ${first.problem}` : 'Invalid request',
    { issues },
  );
}

export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  const e = err as FastifyError & PgError;
  if (e?.validation) return fromValidation(e);
  switch (e?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('malformed_json', 400, 'Request body is not valid JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(
        'malformed_json',
        400,
        'Request body is empty but Content-Type is application/json',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(
        'unsupported_media_type',
        415,
        'Content-Type is not supported here; send application/json',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 413, 'Request body is too large');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('bad_request', 400, 'Content-Length does not match the body');
    // PostgreSQL: a constraint the schema could not check up front. Still the client's fault, never a 500.
    case '23505':
      return new AppError('conflict', 409, 'A record with the same unique value already exists', {
        constraint: e.constraint,
      });
    case '23503':
      return new AppError('invalid_reference', 422, 'A referenced record does not exist', {
        constraint: e.constraint,
      });
    case '23514':
      return new AppError('invalid_value', 422, 'A value is outside the allowed range', {
        constraint: e.constraint,
      });
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
      return new AppError('invalid_value', 400, 'A value has the wrong format or is out of range');
  }
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError(
      e.code ? e.code.replace(/^FST_ERR_/, '').toLowerCase() : 'bad_request',
      e.statusCode,
      e.message,
    );
  }
  return undefined;
}

export function errorBody(err: AppError) {
  return { error: { code: err.code, message: err.message, details: err.details } };
}

export function errorHandler(this: unknown, err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(err);
  if (appError) {
    if (appError.status === 429 && appError.details.retryAfterSeconds) {
      reply.header('retry-after', String(appError.details.retryAfterSeconds));
    }
    return reply.code(appError.status).send(errorBody(appError));
  }
  request.log.error({ err }, 'unhandled error');
  return reply.code(500).send({
    error: {
      code: 'internal_error',
      message: 'Something went wrong on our side',
      details: { requestId: request.id },
    },
  });
}
