// Assertions for programmer errors: they crash the operation and are never returned as results.

/** Throws when a condition the caller promised does not hold. */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`matching assertion failed: ${message}`);
}

/** Asserts that a number is an integer within [min, max]. */
export function assertInteger(value: number, min: number, max: number, name: string): void {
  assert(Number.isInteger(value) && value >= min && value <= max, `${name} must be an integer in [${min}, ${max}], got ${value}`);
}
