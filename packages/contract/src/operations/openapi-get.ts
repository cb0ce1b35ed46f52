// The contract of GET /api/openapi.json: the OpenAPI 3.1 document, generated from this contract.
import { z } from 'zod';

export const openApiGet = {
  method: 'get',
  path: '/api/openapi.json',
  response: { status: 200, description: 'the OpenAPI 3.1 document', schema: z.looseObject({ openapi: z.literal('3.1.0') }) },
} as const;
