// The authorization-matrix rows of the supermarket routes (see role-matrix.test.ts).
import type { MatrixRow } from '../test-support/matrix-row.js';

export const supermarketMatrix: readonly MatrixRow[] = [];
