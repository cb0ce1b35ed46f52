// Assertions for programmer errors: they crash the operation and are never returned as results.

/** Throws the assertion error; hot loops call it behind their own `if` so no message is built. */
export function fail(message: string): never {
  throw new Error(`matching assertion failed: ${message}`);
}

/** Throws when a condition the caller promised does not hold. */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) fail(message);
}

/** Asserts that a number is an integer within [min, max]. */
export function assertInteger(value: number, min: number, max: number, name: string): void {
  if (!(Number.isInteger(value) && value >= min && value <= max)) fail(`${name} must be an integer in [${min}, ${max}], got ${value}`);
}
