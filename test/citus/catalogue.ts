// Reads what the distribution plan must account for from a migrated database's catalogue: tables, keys, triggers, functions, sequences, rules.
//
// Only the `public` schema: every migration writes there. Works on PostgreSQL and PGlite.

/** Runs one statement with `?` bindings and returns its rows. */
export type Sql = (statement: string, bindings?: readonly unknown[]) => Promise<Record<string, unknown>[]>;

export interface Column {
  name: string;
  /** `format_type`, e.g. `text`, `bigint`. */
  type: string;
  collation: string | null;
  defaultExpression: string | null;
  identity: boolean;
}

export interface Table {
  name: string;
  /** `r` a table, `p` a partitioned table, `f` a foreign table. */
  kind: string;
  columns: Column[];
}

export interface Key {
  table: string;
  name: string;
  kind: 'primary' | 'unique' | 'exclusion';
  /** Columns in key order; null for an expression. */
  columns: (string | null)[];
}

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKey {
  table: string;
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onUpdate: ReferentialAction;
  onDelete: ReferentialAction;
  deferrable: boolean;
  validated: boolean;
}

export interface Trigger {
  table: string;
  name: string;
  perRow: boolean;
  events: ('insert' | 'update' | 'delete' | 'truncate')[];
  /** The names it gives its transition tables (REFERENCING NEW TABLE AS …). */
  transitionTables: string[];
  constraint: boolean;
  initiallyDeferred: boolean;
  functionName: string;
}

export interface CatalogueFunction {
  name: string;
  /** As `regprocedure` prints it, e.g. `linli_apply(text,text,boolean,jsonb)`. */
  signature: string;
  /** The arguments a caller passes (IN and INOUT), in order, with their types. */
  arguments: { name: string | null; type: string }[];
  returnsTrigger: boolean;
  language: string;
  body: string;
  /** The whole CREATE FUNCTION statement (`pg_get_functiondef`), which the PL/pgSQL parser reads. */
  definition: string;
}

export interface Sequence {
  name: string;
  type: string;
  ownedBy: { table: string; column: string } | null;
}

export interface Catalogue {
  tables: Table[];
  keys: Key[];
  /** Unique indexes that back no constraint (partial or expression indexes, `create unique index`). */
  uniqueIndexes: Key[];
  foreignKeys: ForeignKey[];
  checks: { table: string; name: string }[];
  triggers: Trigger[];
  functions: CatalogueFunction[];
  sequences: Sequence[];
  rules: { table: string; name: string }[];
}

const actions: Record<string, ReferentialAction> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

function text(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`assertion: the catalogue gave ${JSON.stringify(value)} where text was expected`);
  return value;
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : text(value);
}

/** Arrays come as JS arrays from pg and PGlite; `name[]` may come as its text form `{a,b}`. */
function list(value: unknown): (string | null)[] {
  if (Array.isArray(value)) return value.map((item) => textOrNull(item));
  if (value === null || value === undefined) return [];
  const inner = text(value).replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',').map((item) => (item === 'NULL' ? null : item.replace(/^"|"$/g, '')));
}

export async function readCatalogue(sql: Sql): Promise<Catalogue> {
  const columnRows = await sql(
    `select c.relname as table_name, c.relkind::text as kind, a.attname as column_name, format_type(a.atttypid, a.atttypmod) as type,
            case when a.attcollation = 0 then null else (select collname from pg_collation where oid = a.attcollation) end as collation,
            pg_get_expr(d.adbin, d.adrelid) as default_expression, a.attidentity <> '' as identity
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'f')
      order by c.relname, a.attnum`,
  );
  const tables = new Map<string, Table>();
  for (const row of columnRows) {
    const name = text(row.table_name);
    const table = tables.get(name) ?? { name, kind: text(row.kind), columns: [] };
    table.columns.push({
      name: text(row.column_name),
      type: text(row.type),
      collation: textOrNull(row.collation),
      defaultExpression: textOrNull(row.default_expression),
      identity: row.identity === true,
    });
    tables.set(name, table);
  }

  const constraintRows = await sql(
    `select c.relname as table_name, k.conname as name, k.contype::text as type, k.condeferrable as deferrable, k.convalidated as validated,
            k.confupdtype::text as on_update, k.confdeltype::text as on_delete, r.relname as referenced_table,
            array(select a.attname::text from unnest(k.conkey) with ordinality u(attnum, ord)
                    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.ord) as columns,
            array(select a.attname::text from unnest(k.confkey) with ordinality u(attnum, ord)
                    join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum order by u.ord) as referenced_columns
       from pg_constraint k
       join pg_class c on c.oid = k.conrelid
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_class r on r.oid = k.confrelid
      where n.nspname = 'public' and k.contype in ('p', 'u', 'x', 'f', 'c')
      order by c.relname, k.conname`,
  );
  const keyKinds: Record<string, Key['kind']> = { p: 'primary', u: 'unique', x: 'exclusion' };
  const keys: Key[] = [];
  const foreignKeys: ForeignKey[] = [];
  const checks: Catalogue['checks'] = [];
  for (const row of constraintRows) {
    const type = text(row.type);
    const base = { table: text(row.table_name), name: text(row.name) };
    if (type === 'f') {
      foreignKeys.push({
        ...base,
        columns: list(row.columns).map(text),
        referencedTable: text(row.referenced_table),
        referencedColumns: list(row.referenced_columns).map(text),
        onUpdate: actions[text(row.on_update)] ?? 'no action',
        onDelete: actions[text(row.on_delete)] ?? 'no action',
        deferrable: row.deferrable === true,
        validated: row.validated === true,
      });
    } else if (type === 'c') {
      checks.push(base);
    } else {
      keys.push({ ...base, kind: keyKinds[type] as Key['kind'], columns: list(row.columns) });
    }
  }

  const indexRows = await sql(
    `select c.relname as table_name, i.relname as name,
            array(select a.attname::text from unnest(x.indkey::int2[]) with ordinality u(attnum, ord)
                    left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = u.attnum order by u.ord) as columns,
            array_length(x.indkey::int2[], 1) as width
       from pg_index x
       join pg_class c on c.oid = x.indrelid
       join pg_class i on i.oid = x.indexrelid
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and x.indisunique and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)
      order by 1, 2`,
  );
  const uniqueIndexes: Key[] = indexRows.map((row) => {
    const columns = list(row.columns);
    // An expression's slot has attnum 0 and no column: pad to the index's width with nulls.
    while (columns.length < Number(row.width)) columns.push(null);
    return { table: text(row.table_name), name: text(row.name), kind: 'unique', columns };
  });

  const triggerRows = await sql(
    `select c.relname as table_name, t.tgname as name, t.tgtype::int as type, t.tgconstraint <> 0 as is_constraint, t.tginitdeferred as initially_deferred,
            t.tgnewtable as new_table, t.tgoldtable as old_table, p.proname as function_name
       from pg_trigger t
       join pg_class c on c.oid = t.tgrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_proc p on p.oid = t.tgfoid
      where n.nspname = 'public' and not t.tgisinternal
      order by 1, 2`,
  );
  const triggers: Trigger[] = triggerRows.map((row) => {
    // pg_trigger.tgtype bits: 1 row, 4 insert, 8 delete, 16 update, 32 truncate.
    const type = Number(row.type);
    const events: Trigger['events'] = [];
    if (type & 4) events.push('insert');
    if (type & 16) events.push('update');
    if (type & 8) events.push('delete');
    if (type & 32) events.push('truncate');
    return {
      table: text(row.table_name),
      name: text(row.name),
      perRow: (type & 1) === 1,
      events,
      transitionTables: [row.new_table, row.old_table].filter((value) => value !== null && value !== undefined).map(text),
      constraint: row.is_constraint === true,
      initiallyDeferred: row.initially_deferred === true,
      functionName: text(row.function_name),
    };
  });

  const functionRows = await sql(
    `select p.proname as name, p.oid::regprocedure::text as signature, p.prorettype = 'trigger'::regtype as returns_trigger, l.lanname as language, p.prosrc as body, pg_get_functiondef(p.oid) as definition,
            array(select format_type(t, null) from unnest(p.proargtypes::oid[]) as t) as argument_types,
            coalesce(p.proargnames, '{}'::text[]) as all_names, coalesce(p.proargmodes::text[], '{}'::text[]) as all_modes
       from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace
       join pg_language l on l.oid = p.prolang
      where n.nspname = 'public' and p.prokind = 'f'
      order by 1, 2`,
  );
  const functions: CatalogueFunction[] = functionRows.map((row) => {
    const types = list(row.argument_types).map(text);
    // proargnames covers every argument, OUT ones included; proargmodes is empty when all are IN.
    const names = list(row.all_names);
    const modes = list(row.all_modes);
    const inputNames =
      modes.length === 0 ? names : names.filter((_, index) => modes[index] === 'i' || modes[index] === 'b' || modes[index] === 'v');
    return {
      name: text(row.name),
      signature: text(row.signature),
      arguments: types.map((type, index) => ({ name: inputNames[index] === '' ? null : (inputNames[index] ?? null), type })),
      returnsTrigger: row.returns_trigger === true,
      language: text(row.language),
      body: text(row.body),
      definition: text(row.definition),
    };
  });

  const sequenceRows = await sql(
    `select s.relname as name, format_type(q.seqtypid, null) as type, t.relname as table_name, a.attname as column_name
       from pg_class s
       join pg_namespace n on n.oid = s.relnamespace
       join pg_sequence q on q.seqrelid = s.oid
       left join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
       left join pg_class t on t.oid = d.refobjid
       left join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
      where n.nspname = 'public' and s.relkind = 'S'
      order by 1`,
  );
  const sequences: Sequence[] = sequenceRows.map((row) => ({
    name: text(row.name),
    type: text(row.type),
    ownedBy:
      row.table_name === null || row.table_name === undefined ? null : { table: text(row.table_name), column: text(row.column_name) },
  }));

  const ruleRows = await sql(
    `select c.relname as table_name, r.rulename as name
       from pg_rewrite r join pg_class c on c.oid = r.ev_class join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1, 2`,
  );

  return {
    tables: [...tables.values()],
    keys,
    uniqueIndexes,
    foreignKeys,
    checks,
    triggers,
    functions,
    sequences,
    rules: ruleRows.map((row) => ({ table: text(row.table_name), name: text(row.name) })),
  };
}

/** The canonical `regprocedure` text of each signature the plan names, or null where no such function exists. */
export async function resolveSignatures(sql: Sql, signatures: readonly string[]): Promise<Map<string, string | null>> {
  const resolved = new Map<string, string | null>();
  for (const signature of signatures) {
    const [row] = await sql('select to_regprocedure(?)::text as signature', [signature]);
    resolved.set(signature, textOrNull(row?.signature));
  }
  return resolved;
}
