// The contract of GET /api/v1/service-records/:id/certificate: what it takes and what it answers.
import { z } from 'zod';
import { assignmentId, certificateView } from '../needs.js';

const params = z.strictObject({ id: assignmentId });

const query = z.strictObject({ format: z.enum(['json', 'html']).optional().describe('html: a printable page in Chinese (text/html)') });

export const serviceRecordsCertificateGet = {
  method: 'get',
  path: '/api/v1/service-records/:id/certificate',
  request: { params, query },
  response: { status: 200, description: 'the certificate (JSON; text/html with format=html)', schema: certificateView },
} as const;
