// Reads a function's statements with PostgreSQL's own parser (libpg-query): the tables each touches, what it writes, what it calls, and whether every table it touches is held to one community.
//
// A PL/pgSQL function is parsed into its statements and expressions (parsePlPgSQL), and each of
// those SQL texts into its parse tree (parse). "Held to one community" is what Citus needs to
// send a statement to one shard: every distributed table in it has its community_id equal to the
// community value (the function's distribution argument, or a trigger's new/old.community_id),
// directly (`a.community_id = p_community`), through a chain of equalities
// (`p.community_id = r.community_id and r.community_id = p_community`), or by the value it
// inserts (`insert … (community_id, …) values (p_community, …)`).
import { parse, parsePlPgSQL } from 'libpg-query';

export interface BodyStatement {
  /** The statement or expression as the function writes it. */
  text: string;
  /** Known tables it reads or writes. */
  tables: string[];
  /** Known tables it inserts into, updates, deletes from or merges into. */
  writes: string[];
  /** Known tables whose community_id it does not tie to the community value. */
  unbound: string[];
  /** Known functions it calls. */
  calls: string[];
  locksRows: boolean;
  dataModifyingCte: boolean;
  systemColumns: string[];
}

export interface FunctionReading {
  statements: BodyStatement[];
  /** EXECUTE of a built string: SQL this reading cannot see. */
  dynamicSql: boolean;
}

/** What the reader knows of the schema, and which column reference is the community value. */
export interface ReadingContext {
  tables: ReadonlySet<string>;
  functions: ReadonlySet<string>;
  /** True for the column reference that holds the statement's community: `p_community`, `new.community_id`. */
  isCommunityValue(fields: readonly string[]): boolean;
}

type Tree = Record<string, unknown>;

const systemColumnNames = new Set(['ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid']);
/** PLpgSQL_expr.parseMode: 0 a statement, 2 an expression, 3–5 an assignment `target := expression`. */
const expressionModes = new Set([2]);
const assignmentModes = new Set([3, 4, 5]);

/** Reads a function from its full definition (`pg_get_functiondef`) and its language. */
export async function readFunction(definition: string, language: string, body: string, context: ReadingContext): Promise<FunctionReading> {
  if (language === 'sql') {
    const parsed = await parse(body);
    return {
      statements: (parsed.stmts ?? []).map((entry) => readStatement(entry.stmt as Tree, statementText(body, entry), context)),
      dynamicSql: false,
    };
  }
  if (language !== 'plpgsql') return { statements: [], dynamicSql: false };
  const parsed = (await parsePlPgSQL(definition)) as unknown as Tree;
  const texts: string[] = [];
  let dynamicSql = false;
  visit(parsed, (key, value) => {
    if (key === 'PLpgSQL_stmt_dynexecute' || key === 'PLpgSQL_stmt_dynfors') dynamicSql = true;
    if (key === 'PLpgSQL_expr') {
      const expr = value as { query?: string; parseMode?: number };
      const query = expr.query ?? '';
      const mode = expr.parseMode ?? 0;
      if (assignmentModes.has(mode)) texts.push(`select ${query.slice(query.indexOf(':=') + 2)}`);
      else if (expressionModes.has(mode)) texts.push(`select ${query}`);
      else texts.push(query);
    }
  });
  const statements: BodyStatement[] = [];
  for (const text of texts) {
    const tree = await parse(text);
    for (const entry of tree.stmts ?? []) statements.push(readStatement(entry.stmt as Tree, text, context));
  }
  return { statements, dynamicSql };
}

function statementText(source: string, entry: { stmt_location?: number; stmt_len?: number }): string {
  const start = entry.stmt_location ?? 0;
  return source.slice(start, entry.stmt_len === undefined || entry.stmt_len === 0 ? undefined : start + entry.stmt_len).trim();
}

/** Calls `each` for every key and value in a parse tree, depth first. */
function visit(tree: unknown, each: (key: string, value: unknown) => void): void {
  if (Array.isArray(tree)) {
    for (const item of tree) visit(item, each);
  } else if (tree !== null && typeof tree === 'object') {
    for (const [key, value] of Object.entries(tree)) {
      each(key, value);
      visit(value, each);
    }
  }
}

interface Relation {
  id: number;
  alias: string;
  /** The known table it is, or null for a CTE, a subquery, a function or a transition table. */
  table: string | null;
}

interface Scope {
  relations: Relation[];
  parent: Scope | null;
}

/** One statement's reading; relations' community_id columns and the community value are joined by its equalities (union-find). */
class StatementReader {
  readonly tables = new Set<string>();
  readonly writes = new Set<string>();
  readonly calls = new Set<string>();
  readonly systemColumns = new Set<string>();
  locksRows = false;
  dataModifyingCte = false;
  private readonly relations: Relation[] = [];
  /** Term 0 is the community value; term n is relation n's community_id. */
  private readonly parents: number[] = [0];

  constructor(private readonly context: ReadingContext) {}

  unbound(): string[] {
    return [
      ...new Set(
        this.relations
          .filter((relation) => relation.table !== null && this.find(relation.id) !== this.find(0))
          .map((relation) => relation.table as string),
      ),
    ];
  }

  private find(term: number): number {
    let root = term;
    while (this.parents[root] !== root) root = this.parents[root] as number;
    return root;
  }

  private union(a: number | null, b: number | null): void {
    if (a === null || b === null) return;
    this.parents[this.find(a)] = this.find(b);
  }

  private relation(scope: Scope, alias: string, table: string | null): Relation {
    const relation = { id: this.parents.length, alias, table };
    this.parents.push(relation.id);
    this.relations.push(relation);
    scope.relations.push(relation);
    if (table !== null) this.tables.add(table);
    return relation;
  }

  /** A known table, by a RangeVar's body. */
  private rangeVar(scope: Scope, body: Tree): Relation {
    const name = String(body.relname);
    const alias = (body.alias as Tree | undefined)?.aliasname;
    return this.relation(scope, typeof alias === 'string' ? alias : name, this.context.tables.has(name) ? name : null);
  }

  /** The term an expression stands for: the community value, a relation's community_id, or nothing. */
  private term(expression: unknown, scope: Scope): number | null {
    const node = expression as Tree | undefined;
    if (node?.TypeCast !== undefined) return this.term((node.TypeCast as Tree).arg, scope);
    const columnRef = node?.ColumnRef as Tree | undefined;
    if (columnRef === undefined) return null;
    const fields = (columnRef.fields as Tree[])
      .map((field) => (field.String as Tree | undefined)?.sval)
      .filter((field): field is string => typeof field === 'string');
    if (this.context.isCommunityValue(fields)) return 0;
    if (fields.length === 2 && fields[1] === 'community_id') {
      for (let level: Scope | null = scope; level !== null; level = level.parent) {
        const found = level.relations.find((relation) => relation.alias === fields[0]);
        if (found !== undefined) return found.id;
      }
      return null;
    }
    if (fields.length === 1 && fields[0] === 'community_id') {
      for (let level: Scope | null = scope; level !== null; level = level.parent) {
        if (level.relations.length === 0) continue;
        const known = level.relations.filter((relation) => relation.table !== null);
        if (known.length === 1) return (known[0] as Relation).id;
        return level.relations.length === 1 ? (level.relations[0] as Relation).id : null;
      }
    }
    return null;
  }

  /** Reads any node; typed nodes are `{ TypeName: body }`. */
  read(tree: unknown, scope: Scope): void {
    if (Array.isArray(tree)) {
      for (const item of tree) this.read(item, scope);
      return;
    }
    if (tree === null || typeof tree !== 'object') return;
    const entries = Object.entries(tree);
    const [type, body] = entries.length === 1 ? (entries[0] as [string, unknown]) : ['', undefined];
    switch (type) {
      case 'SelectStmt':
        this.select(body as Tree, scope);
        return;
      case 'InsertStmt':
        this.insert(body as Tree, scope);
        return;
      case 'UpdateStmt':
      case 'DeleteStmt':
      case 'MergeStmt':
        this.change(body as Tree, scope);
        return;
      case 'CommonTableExpr': {
        const query = (body as Tree).ctequery as Tree;
        if (
          query.InsertStmt !== undefined ||
          query.UpdateStmt !== undefined ||
          query.DeleteStmt !== undefined ||
          query.MergeStmt !== undefined
        )
          this.dataModifyingCte = true;
        this.read(query, scope);
        return;
      }
      case 'A_Expr': {
        const expression = body as Tree;
        const name = (expression.name as Tree[] | undefined)?.map((part) => (part.String as Tree | undefined)?.sval).join('.');
        if (expression.kind === 'AEXPR_OP' && name === '=')
          this.union(this.term(expression.lexpr, scope), this.term(expression.rexpr, scope));
        this.read(expression.lexpr, scope);
        this.read(expression.rexpr, scope);
        return;
      }
      case 'ColumnRef': {
        const fields = ((body as Tree).fields as Tree[]).map((field) => (field.String as Tree | undefined)?.sval);
        const last = fields[fields.length - 1];
        if (typeof last === 'string' && systemColumnNames.has(last)) this.systemColumns.add(last);
        return;
      }
      case 'FuncCall': {
        const call = body as Tree;
        const name = (call.funcname as Tree[]).map((part) => (part.String as Tree | undefined)?.sval).pop();
        if (typeof name === 'string' && this.context.functions.has(name)) this.calls.add(name);
        this.read(call.args, scope);
        this.read(call.agg_filter, scope);
        this.read(call.over, scope);
        return;
      }
      default:
        for (const [, value] of entries) this.read(value, scope);
    }
  }

  /** A FROM item: tables become relations of the scope; subqueries and joins are read within it. */
  private from(item: unknown, scope: Scope): void {
    const node = item as Tree;
    if (node.RangeVar !== undefined) {
      this.rangeVar(scope, node.RangeVar as Tree);
    } else if (node.JoinExpr !== undefined) {
      const join = node.JoinExpr as Tree;
      this.from(join.larg, scope);
      this.from(join.rarg, scope);
      this.read(join.quals, scope);
    } else if (node.RangeSubselect !== undefined) {
      const subselect = node.RangeSubselect as Tree;
      this.read(subselect.subquery, scope);
      this.relation(scope, String((subselect.alias as Tree | undefined)?.aliasname ?? ''), null);
    } else if (node.RangeFunction !== undefined) {
      const range = node.RangeFunction as Tree;
      this.read(range.functions, scope);
      this.relation(scope, String((range.alias as Tree | undefined)?.aliasname ?? ''), null);
    } else {
      this.read(item, scope);
    }
  }

  private select(body: Tree, outer: Scope): Scope {
    const scope: Scope = { relations: [], parent: outer };
    this.read(body.withClause, outer);
    for (const item of (body.fromClause as unknown[] | undefined) ?? []) this.from(item, scope);
    if (((body.lockingClause as unknown[] | undefined) ?? []).length > 0) this.locksRows = true;
    for (const [key, value] of Object.entries(body)) {
      if (key !== 'withClause' && key !== 'fromClause') this.read(value, scope);
    }
    return scope;
  }

  private insert(body: Tree, outer: Scope): void {
    this.read(body.withClause, outer);
    const scope: Scope = { relations: [], parent: outer };
    const target = this.rangeVar(scope, body.relation as Tree);
    if (target.table !== null) this.writes.add(target.table);
    const columns = ((body.cols as Tree[] | undefined) ?? []).map((column) => (column.ResTarget as Tree).name);
    const position = columns.indexOf('community_id');
    const selected = (body.selectStmt as Tree | undefined)?.SelectStmt as Tree | undefined;
    if (selected !== undefined) {
      const rows = (selected.valuesLists as Tree[] | undefined) ?? [];
      if (rows.length > 0) {
        for (const row of rows) {
          const items = ((row.List as Tree | undefined)?.items as unknown[] | undefined) ?? [];
          if (position >= 0) this.union(target.id, this.term(items[position], scope));
          this.read(items, scope);
        }
      } else {
        const selectScope = this.select(selected, scope);
        const value = ((selected.targetList as Tree[] | undefined) ?? [])[position]?.ResTarget as Tree | undefined;
        if (position >= 0) this.union(target.id, this.term(value?.val, selectScope));
      }
    }
    this.read(body.onConflictClause, scope);
    this.read(body.returningClause ?? body.returningList, scope);
  }

  /** UPDATE, DELETE and MERGE: the target, the other tables (FROM, USING), and the conditions. */
  private change(body: Tree, outer: Scope): void {
    this.read(body.withClause, outer);
    const scope: Scope = { relations: [], parent: outer };
    const target = this.rangeVar(scope, body.relation as Tree);
    if (target.table !== null) this.writes.add(target.table);
    for (const key of ['fromClause', 'usingClause']) for (const item of (body[key] as unknown[] | undefined) ?? []) this.from(item, scope);
    if (body.sourceRelation !== undefined) this.from(body.sourceRelation, scope);
    for (const [key, value] of Object.entries(body)) {
      if (!['withClause', 'relation', 'fromClause', 'usingClause', 'sourceRelation'].includes(key)) this.read(value, scope);
    }
  }
}

function readStatement(tree: Tree, text: string, context: ReadingContext): BodyStatement {
  const reader = new StatementReader(context);
  reader.read(tree, { relations: [], parent: null });
  return {
    text: text.replace(/\s+/g, ' ').trim(),
    tables: [...reader.tables],
    writes: [...reader.writes],
    unbound: reader.unbound(),
    calls: [...reader.calls],
    locksRows: reader.locksRows,
    dataModifyingCte: reader.dataModifyingCte,
    systemColumns: [...reader.systemColumns],
  };
}
