// Splits a file of SQL into its statements with PostgreSQL's own parser (libpg-query), and reads the Citus plan files.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/**
 * Reads one of the plan files from the repository's `migrations/citus/` folder, found by walking up
 * from this file, so the sources (`test/citus/`) and the build (`test/dist/citus/`) read the same file.
 */
export async function readCitusFile(name: (typeof citusFiles)[keyof typeof citusFiles]): Promise<string> {
  return readFile(join(citusFolder(), name), 'utf8');
}

function citusFolder(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, 'migrations', 'citus');
    if (existsSync(join(candidate, citusFiles.distribute))) return candidate;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`migrations/citus/ not found above ${fileURLToPath(import.meta.url)}`);
    folder = parent;
  }
}
