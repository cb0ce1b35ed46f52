// The bulk imports: which files, in which encodings, and the report of a check or an import.

export const csvEncodings = ['utf-8', 'gb18030'] as const;
export type CsvEncoding = (typeof csvEncodings)[number];

export const csvBytesMax = 1024 * 1024;

/** What a file can hold. */
export const importKinds = ['members', 'households', 'items', 'opening-balances'] as const;
export type ImportKind = (typeof importKinds)[number];
