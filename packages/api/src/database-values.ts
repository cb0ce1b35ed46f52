// Small helpers for values coming back from either driver (pg or PGlite).

/** Timestamps arrive as Date from both drivers; a string is accepted in case a driver changes. */
export function toIso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** PostgreSQL's unique_violation (SQLSTATE 23505), as reported by pg and by PGlite. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** jsonb arrays of strings, checked rather than cast, since the database is another boundary. */
export function toStringArray(value: unknown): string[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) throw new Error('expected a JSON array of strings');
  return parsed;
}
