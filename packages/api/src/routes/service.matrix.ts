// The authorization-matrix rows of the service routes (see role-matrix.test.ts).
import type { MatrixRow } from '../test-support/matrix-row.js';

export const serviceMatrix: readonly MatrixRow[] = [];
