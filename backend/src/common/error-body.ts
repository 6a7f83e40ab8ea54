import { ApiProperty, ApiSchema, type OpenAPIObject } from '@nestjs/swagger';
import { ALL_ERROR_CODES, type ErrorCode } from './error-codes.js';

/** Every error answer, as the OpenAPI document shows it; error.filter.ts builds it. */
@ApiSchema({
  name: 'ErrorBody',
  description:
    'Some codes add fields: `allowedEvents` and `version` (lifecycle), `retryAfter` (rate_limited), ' +
    '`clash`/`clashes` (account_code_taken), `overlaps` (ip_overlap).',
})
export class ErrorBodySchema {
  @ApiProperty({ example: 409 })
  statusCode: number;

  @ApiProperty({ example: 'Conflict' })
  error: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'For people: one message, or one per invalid field. Clients branch on `code`, never on this.',
  })
  message: string | string[];

  @ApiProperty({
    enum: ALL_ERROR_CODES,
    enumName: 'ErrorCode',
    description: 'Stable domain code (backend/src/common/error-codes.ts)',
    example: 'ticket_stale_version',
  })
  code: ErrorCode;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Gives every operation that declares none a `default` response with the ErrorBody schema. */
export function withErrorResponses(doc: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op || op.responses?.default) continue;
      op.responses = {
        ...op.responses,
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
        },
      };
    }
  }
  return doc;
}
