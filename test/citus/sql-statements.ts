// Splits a file of SQL into its statements with PostgreSQL's own parser (libpg-query), and reads the Citus plan files.
import { readFile } from 'node:fs/promises';
import { parse } from 'libpg-query';

export interface StatementText {
  statement: Record<string, unknown>;
  /** Exactly as written, with the comments before it (a statement starts after the previous `;`). */
  raw: string;
  /** For messages: without line comments, whitespace folded. */
  source: string;
}

/** Each statement of `text` with its parse tree and its text. */
export async function statementTexts(text: string): Promise<StatementText[]> {
  const parsed = await parse(text);
  return (parsed.stmts ?? []).map((entry) => {
    const start = entry.stmt_location ?? 0;
    const end = entry.stmt_len === undefined || entry.stmt_len === 0 ? text.length : start + entry.stmt_len;
    const raw = text.slice(start, end).trim();
    return {
      statement: entry.stmt as Record<string, unknown>,
      raw,
      source: raw
        .replace(/--[^\n]*/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    };
  });
}

/** The statements of `text`, as psql would send them one by one. */
export async function splitStatements(text: string): Promise<string[]> {
  return (await statementTexts(text)).map((entry) => entry.raw);
}

/** The Citus plan's two files, beside the migrations (`migrations/citus/`). */
export const citusFiles = {
  /** Row-level checks in place of the statement-level ones, run before distributing. */
  rowLevelChecks: 'row-level-checks.sql',
  /** The distribution plan itself. */
  distribute: 'distribute.sql',
} as const;

/** Reads one of the plan files; found from the migrations package, so the sources and the build agree. */
export async function readCitusFile(name: (typeof citusFiles)[keyof typeof citusFiles]): Promise<string> {
  return readFile(new URL(`../citus/${name}`, import.meta.resolve('@linli/migrations')), 'utf8');
}
