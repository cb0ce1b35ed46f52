// The contract of GET /api/v1/donations/:id/receipt: what it takes and what it answers.
import { z } from 'zod';
import { receiptView } from '../donation.js';
import { donationId } from '../supermarket.js';

const params = z.strictObject({ id: donationId });

const query = z.strictObject({ format: z.enum(['json', 'html']).optional().describe('html: a printable page in Chinese (text/html)') });

export const donationsReceiptGet = {
  method: 'get',
  path: '/api/v1/donations/:id/receipt',
  request: { params, query },
  response: { status: 200, description: 'the receipt (JSON; text/html with format=html)', schema: receiptView },
} as const;
