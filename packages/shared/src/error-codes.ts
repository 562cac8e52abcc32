// Every error the API returns has one shape: { error: { code, message, details } }.
// The web app translates `code` (i18n key errors.<CODE>) and shows `details[].field` beside the field.
export const errorCodes = [
  'VALIDATION_FAILED',
  'INVALID_JSON',
  'PAYLOAD_TOO_LARGE',
  'INVALID_CURSOR',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'CSRF_FAILED',
  'FORBIDDEN',
  'NOT_FOUND',
  'SEGMENT_NOT_FOUND',
  'DUPLICATE_SUSPECTED',
  'CONFLICT',
  'RATE_LIMITED',
  'MAILBOX_CHECK_FAILED',
  'PBX_FAILED',
  'CALL_LIST_EMPTY',
  'CALL_LIST_ITEM_NOT_CLAIMED',
  'SURVEY_ALREADY_ANSWERED',
  'SURVEY_EXPIRED',
  'CAMPAIGN_ALREADY_STARTED',
  'CAMPAIGN_CONFIRMATION_REQUIRED',
  'CAMPAIGN_AUDIENCE_EMPTY',
  'DATA_DIR_LOCKED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
