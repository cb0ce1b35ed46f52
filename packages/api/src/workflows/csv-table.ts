// Reading a spreadsheet's CSV export into named columns, row by row, with every problem kept:
// the file's own (unreadable, unknown or missing columns) and each cell's.
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { ApiError } from '../http-errors.js';

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

/** Data rows shown in a dry run's preview, and the cells and characters of each. */
export const previewRowsMax = 5;
const previewCellsMax = 20;
const previewCellLengthMax = 200;

export interface CsvPreview {
  /** The header row's names, as the file has them. */
  header: string[];
  /** The first data rows' cells, as read (trimmed), whether valid or not. */
  rows: { row: number; cells: string[] }[];
}

export interface CsvTable<T> {
  rows: { row: number; value: T }[];
  problems: RowProblem[];
  preview: CsvPreview;
}

/**
 * Why a file cannot be read as a table, as a stable code the web words in each language: the
 * parser's own errors (csv-parse's codes, mapped below), an empty file, or one that is not text.
 */
export const csvFileProblems = [
  'empty',
  'quote_not_closed',
  'quote_inside_cell',
  'text_after_closing_quote',
  'row_too_long',
  'unreadable',
  'encoding_unknown',
  'encoding_invalid',
  'encoding_utf16',
] as const;
export type CsvFileProblem = (typeof csvFileProblems)[number];

export type FileRefusal =
  | { code: 'csv_malformed'; problem: CsvFileProblem; line: number | null; detail: string }
  | { code: 'import_too_large'; detail: string };

/** csv-parse's error codes for input it cannot read, and what each means to the person who saved the file. */
const parserProblems: Readonly<Record<string, { problem: CsvFileProblem; detail: string }>> = {
  CSV_QUOTE_NOT_CLOSED: { problem: 'quote_not_closed', detail: 'a quoted cell is not closed: a double quote is missing' },
  CSV_INVALID_CLOSING_QUOTE: { problem: 'quote_inside_cell', detail: 'a double quote inside a quoted cell must be written twice ("")' },
  INVALID_OPENING_QUOTE: {
    problem: 'quote_inside_cell',
    detail: 'a double quote in the middle of a cell: quote the whole cell and write the quote twice',
  },
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: {
    problem: 'text_after_closing_quote',
    detail: 'text follows a quoted cell before the next comma',
  },
  CSV_MAX_RECORD_SIZE: { problem: 'row_too_long', detail: 'a row is too long' },
};

/**
 * A parser error as a refusal. Errors of the input get their problem code and the line; an error
 * of the options this file passes is a programmer error and is thrown on.
 */
function parserRefusal(error: CsvError): FileRefusal {
  if (/^CSV_(INVALID_)?OPTION/.test(error.code) || error.code === 'CSV_INVALID_ARGUMENT') throw error;
  const known = parserProblems[error.code] ?? { problem: 'unreadable' as const, detail: 'the file cannot be read as a table' };
  const { lines } = error as CsvError & { lines?: unknown };
  const line = typeof lines === 'number' && Number.isInteger(lines) && lines > 0 ? lines : null;
  return { code: 'csv_malformed', problem: known.problem, line, detail: line === null ? known.detail : `line ${line}: ${known.detail}` };
}

/**
 * Parses `text` (RFC 4180, an optional UTF-8 BOM, a header row naming the columns) and checks
 * each cell with its column's schema. A row with any problem is left out of `rows`. Returns a
 * file-level refusal when the file cannot be read as a table at all.
 */
export function readCsvTable<T>(text: string, columns: Readonly<Record<string, ColumnSpec>>, rowsMax: number): CsvTable<T> | FileRefusal {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      max_record_size: cellLengthMax * 20,
      relax_column_count: true,
      to: rowsMax + 2,
    }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) return parserRefusal(error);
    throw error;
  }
  if (records.length > rowsMax + 1) return { code: 'import_too_large', detail: `at most ${rowsMax} rows in one import` };
  const [header, ...body] = records;
  if (header === undefined)
    return { code: 'csv_malformed', problem: 'empty', line: null, detail: 'the file is empty: it needs a header row naming the columns' };
  const problems: RowProblem[] = [];
  const names = header.map((name) => name.trim());
  const preview: CsvPreview = {
    header: names.slice(0, previewCellsMax).map((name) => name.slice(0, previewCellLengthMax)),
    rows: body.slice(0, previewRowsMax).map((record, index) => ({
      row: index + 2,
      cells: record.slice(0, previewCellsMax).map((cell) => cell.slice(0, previewCellLengthMax)),
    })),
  };
  for (const [index, name] of names.entries()) {
    if (!(name in columns))
      problems.push({
        row: 1,
        column: name.slice(0, 64),
        code: 'unknown_column',
        detail: `column ${index + 1} is not one of: ${Object.keys(columns).join(', ')}`,
      });
    else if (names.indexOf(name) !== index)
      problems.push({ row: 1, column: name, code: 'duplicate_column', detail: 'the column appears twice' });
  }
  for (const [name, spec] of Object.entries(columns)) {
    if (spec.required && !names.includes(name))
      problems.push({ row: 1, column: name, code: 'missing_column', detail: 'a required column is missing' });
  }
  if (problems.length > 0) return { rows: [], problems, preview };

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
  return { rows, problems, preview };
}

/** `csv_malformed` naming the file's problem (and its line) for the field that holds the file. */
export function csvMalformed(problem: CsvFileProblem, line: number | null, detail: string): ApiError {
  return new ApiError('csv_malformed', {
    detail,
    errors: [{ in: 'body', pointer: '/csv', code: problem, ...(line === null ? {} : { line }), detail }],
  });
}
