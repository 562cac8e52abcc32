// One table maps error codes to HTTP status; every error leaves in one shape.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';

const statusByCode: Record<string, number> = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_CURSOR: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SEGMENT_NOT_FOUND: 404,
  DUPLICATE_SUSPECTED: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  MAILBOX_CHECK_FAILED: 422,
  PBX_FAILED: 422,
  CALL_LIST_EMPTY: 422,
  CALL_LIST_ITEM_NOT_CLAIMED: 409,
  SURVEY_ALREADY_ANSWERED: 409,
  SURVEY_EXPIRED: 410,
  CAMPAIGN_ALREADY_STARTED: 409,
  CAMPAIGN_CONFIRMATION_REQUIRED: 409,
  CAMPAIGN_AUDIENCE_EMPTY: 422,
  RATE_LIMITED: 429,
};

export function statusForCode(code: string): number {
  return statusByCode[code] ?? 500;
}

const PG_CODES: Record<string, { code: string; status: number; message: string }> = {
  '23505': { code: 'CONFLICT', status: 409, message: 'A record with the same unique value already exists' },
  '22P02': { code: 'VALIDATION_FAILED', status: 400, message: 'A value has the wrong format' },
  '22003': { code: 'VALIDATION_FAILED', status: 400, message: 'A number is out of range' },
  '22001': { code: 'VALIDATION_FAILED', status: 400, message: 'A value is too long' },
  '22007': { code: 'VALIDATION_FAILED', status: 400, message: 'A date has the wrong format' },
  '22008': { code: 'VALIDATION_FAILED', status: 400, message: 'A date is out of range' },
};

export function handleError(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AppError) {
    const status = statusForCode(error.code);
    if (status >= 500) request.log.error({ err: error }, 'application error');
    return reply.status(status).send({ error: { code: error.code, message: error.message, details: error.details ?? null } });
  }
  const fastifyError = error as FastifyError & { code?: string; statusCode?: number };
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError || fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return reply.status(400).send({ error: { code: 'INVALID_JSON', message: 'The request body is not valid JSON', details: [{ field: '(body)', problem: 'is not valid JSON' }] } });
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply.status(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large', details: [{ field: '(body)', problem: 'is too large' }] } });
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return reply.status(415).send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send JSON with Content-Type: application/json', details: [{ field: '(body)', problem: 'has an unsupported content type' }] } });
  }
  if (fastifyError.statusCode === 429) {
    return reply.status(429).send({ error: { code: 'RATE_LIMITED', message: 'Too many attempts; wait a minute and try again', details: null } });
  }
  const pg = fastifyError.code ? PG_CODES[fastifyError.code] : undefined;
  if (pg) {
    request.log.warn({ err: error }, 'database rejected input');
    return reply.status(pg.status).send({ error: { code: pg.code, message: pg.message, details: null } });
  }
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    return reply.status(fastifyError.statusCode).send({ error: { code: 'BAD_REQUEST', message: error.message, details: null } });
  }
  request.log.error({ err: error }, 'unexpected error');
  return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Something went wrong on our side; the change was not saved', details: null } });
}
