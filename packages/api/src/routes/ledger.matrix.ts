// The authorization-matrix rows of the ledger routes (see role-matrix.test.ts).
import type { MatrixRow } from '../test-support/matrix-row.js';

export const ledgerMatrix: readonly MatrixRow[] = [];
