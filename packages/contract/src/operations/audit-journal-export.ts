// The contract of GET /api/v1/audit/journal: what it takes and what it answers (a text download, not JSON).
import { z } from 'zod';

export const auditJournalExport = {
  method: 'get',
  path: '/api/v1/audit/journal',
  request: {
    query: z.strictObject({
      format: z
        .enum(['csv', 'hledger'])
        .default('csv')
        .describe('csv: RFC 4180, UTF-8 with a byte order mark, one row per posting; hledger: an hledger/ledger-cli journal'),
    }),
  },
  response: { status: 200, description: 'the journal: text/csv (UTF-8 with BOM) or text/plain (hledger), as an attachment' },
} as const;
