// Reading a spreadsheet's CSV export into named columns, row by row, with every problem kept:
// the file's own (unreadable, unknown or missing columns) and each cell's.
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';

/** A cell longer than this is refused by the parser, whatever the column. */
const cellLengthMax = 2_000;

export interface RowProblem {
  /** The spreadsheet's row number: the header is row 1, the first data row is row 2. */
  row: number;
  /** The column's name, or null for a problem with the whole row or file. */
  column: string | null;
  code: string;
  detail: string;
}

export interface ColumnSpec {
  required: boolean;
  /** Parses the trimmed cell; an empty optional cell is absent and not parsed. */
  schema: z.ZodType;
}

export interface CsvTable<T> {
  rows: { row: number; value: T }[];
  problems: RowProblem[];
}

export type FileRefusal = { code: 'csv_malformed' | 'import_too_large'; detail: string };

/**
 * Parses `text` (RFC 4180, an optional UTF-8 BOM, a header row naming the columns) and checks
 * each cell with its column's schema. A row with any problem is left out of `rows`. Returns a
 * file-level refusal when the file cannot be read as a table at all.
 */
export function readCsvTable<T>(text: string, columns: Readonly<Record<string, ColumnSpec>>, rowsMax: number): CsvTable<T> | FileRefusal {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, max_record_size: cellLengthMax * 20, relax_column_count: true, to: rowsMax + 2 }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) return { code: 'csv_malformed', detail: error.message.slice(0, 300) };
    throw error;
  }
  if (records.length > rowsMax + 1) return { code: 'import_too_large', detail: `at most ${rowsMax} rows in one import` };
  const [header, ...body] = records;
  if (header === undefined) return { code: 'csv_malformed', detail: 'the file is empty: it needs a header row naming the columns' };
  const problems: RowProblem[] = [];
  const names = header.map((name) => name.trim());
  for (const [index, name] of names.entries()) {
    if (!(name in columns)) problems.push({ row: 1, column: name.slice(0, 64), code: 'unknown_column', detail: `column ${index + 1} is not one of: ${Object.keys(columns).join(', ')}` });
    else if (names.indexOf(name) !== index) problems.push({ row: 1, column: name, code: 'duplicate_column', detail: 'the column appears twice' });
  }
  for (const [name, spec] of Object.entries(columns)) {
    if (spec.required && !names.includes(name)) problems.push({ row: 1, column: name, code: 'missing_column', detail: 'a required column is missing' });
  }
  if (problems.length > 0) return { rows: [], problems };

  const rows: { row: number; value: T }[] = [];
  for (const [index, record] of body.entries()) {
    const row = index + 2;
    const before = problems.length;
    if (record.length !== names.length) {
      problems.push({ row, column: null, code: 'column_count', detail: `${record.length} cells, the header has ${names.length}` });
      continue;
    }
    const value: Record<string, unknown> = {};
    for (const [position, name] of names.entries()) {
      const spec = columns[name] as ColumnSpec;
      const cell = record[position] ?? '';
      if (cell === '') {
        if (spec.required) problems.push({ row, column: name, code: 'required', detail: 'this column needs a value' });
        continue;
      }
      const parsed = spec.schema.safeParse(cell);
      if (parsed.success) value[name] = parsed.data;
      else problems.push({ row, column: name, code: 'invalid', detail: (parsed.error.issues[0]?.message ?? 'not valid').slice(0, 200) });
    }
    if (problems.length === before) rows.push({ row, value: value as T });
  }
  return { rows, problems };
}
