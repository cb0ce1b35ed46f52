// Checks the distribution plan against a migrated catalogue: every table planned, keys and foreign keys by community, functions by their community argument, and no feature Citus does not support.
import type { Catalogue, CatalogueFunction, Table } from './catalogue.js';
import { citusSupport, type CitusFeature } from './citus-support.js';
import { readFunction, type BodyStatement, type FunctionReading, type ReadingContext } from './function-body.js';
import type { DistributionPlan, PlannedTable } from './plan-file.js';

export interface PlanCheck {
  /** Each a sentence naming what is wrong and where; none means the plan covers the schema. */
  problems: string[];
  /** Every feature the schema relies on, with the objects that use it. */
  features: Map<CitusFeature, string[]>;
}

/** The column every table is distributed by (DESIGN.md, "Beyond one machine"). */
export const distributionColumn = 'community_id';

/** Statements are quoted in problems up to this many characters. */
const quoteLengthMax = 100;

function quote(statement: BodyStatement): string {
  return statement.text.length > quoteLengthMax ? `${statement.text.slice(0, quoteLengthMax)}…` : statement.text;
}

/**
 * `signatures` maps each function signature the plan names to the catalogue's `regprocedure`
 * text of it (null: no such function), as `resolveSignatures` reads it from the database.
 */
export async function checkPlan(
  catalogue: Catalogue,
  plan: DistributionPlan,
  signatures: ReadonlyMap<string, string | null>,
): Promise<PlanCheck> {
  const problems: string[] = [];
  const features = new Map<CitusFeature, string[]>();
  const use = (feature: CitusFeature, where: string): void => {
    features.set(feature, [...(features.get(feature) ?? []), where]);
  };

  for (const statement of plan.unrecognised) problems.push(`the plan has a statement of a shape it does not use: ${statement}`);

  const tables = new Map(catalogue.tables.map((table) => [table.name, table]));
  const planned = checkTables(catalogue, plan, tables, problems, use);
  checkKeys(catalogue, planned, problems, use);
  checkForeignKeys(catalogue, planned, new Set(plan.localTables), problems, use);

  await checkTriggers(catalogue, planned, problems, use);
  await checkFunctions(catalogue, plan, planned, tables, signatures, problems, use);
  checkSequences(catalogue, planned, problems, use);
  for (const rule of catalogue.rules) if (planned.has(rule.table)) use('rule', `${rule.name} on ${rule.table}`);

  for (const [feature, where] of features) {
    const support = citusSupport[feature];
    if (support.status === 'unsupported') {
      problems.push(
        `${support.title} (${where.join('; ')}): Citus: ${support.citus} Instead: ${support.fallback ?? 'no fallback written yet'}`,
      );
    }
    if (support.status === 'opt_in' && support.setting !== undefined) {
      const set = (where: 'coordinator' | 'workers') =>
        plan.settings.some((setting) => setting.setting === support.setting && setting.where === where);
      if (!set('coordinator') || !set('workers')) {
        problems.push(
          `${support.title} (${where.join('; ')}) need ${support.setting} on the coordinator and on every worker; the plan does not set it on both`,
        );
      }
    }
  }
  return { problems, features };
}

type Use = (feature: CitusFeature, where: string) => void;

/** Every table is planned exactly once (or kept local), distributed by community_id in one co-location group, referenced tables first. */
function checkTables(
  catalogue: Catalogue,
  plan: DistributionPlan,
  tables: Map<string, Table>,
  problems: string[],
  use: Use,
): Map<string, PlannedTable> {
  const planned = new Map<string, PlannedTable>();
  for (const entry of plan.tables) {
    if (planned.has(entry.table)) problems.push(`table ${entry.table} is planned twice`);
    planned.set(entry.table, entry);
    if (!tables.has(entry.table)) problems.push(`the plan names table ${entry.table}, which the schema does not have`);
  }
  for (const local of plan.localTables) {
    if (planned.has(local)) problems.push(`table ${local} is both planned and kept local`);
    if (!tables.has(local)) problems.push(`the plan keeps table ${local} local, which the schema does not have`);
  }
  for (const table of catalogue.tables) {
    if (!planned.has(table.name) && !plan.localTables.includes(table.name)) {
      problems.push(
        `table ${table.name} is not in the plan: distribute it by ${distributionColumn} (or make it a reference table) in migrations/citus/distribute.sql`,
      );
    }
  }

  // One co-location group: the first distributed table starts it, every other names a table before it.
  const roots = new Map<string, string>();
  let groupRoot: string | undefined;
  let groupColumn: string | undefined;
  for (const entry of plan.tables) {
    if (entry.kind !== 'distributed') continue;
    const column = tables.get(entry.table)?.columns.find((candidate) => candidate.name === entry.column);
    if (entry.column !== distributionColumn)
      problems.push(`table ${entry.table} is distributed by ${String(entry.column)}, not ${distributionColumn}`);
    if (column === undefined && tables.has(entry.table)) problems.push(`table ${entry.table} has no column ${String(entry.column)}`);
    if (column !== undefined) {
      // Co-located tables hash the same type with the same collation, or a community's rows would land on different shards.
      const shape = `${column.type} collate ${column.collation ?? 'none'}`;
      if (groupColumn === undefined) groupColumn = shape;
      else if (shape !== groupColumn)
        problems.push(`${entry.table}.${column.name} is ${shape}; the co-location group's distribution columns are ${groupColumn}`);
    }
    let root: string | undefined;
    if (entry.colocateWith === 'none') root = entry.table;
    else if (entry.colocateWith === 'default' || entry.colocateWith === null)
      problems.push(`table ${entry.table} is co-located by default; name its group (colocate_with := '<table>')`);
    else if (roots.has(entry.colocateWith)) root = roots.get(entry.colocateWith);
    else problems.push(`table ${entry.table} is co-located with ${entry.colocateWith}, which is not distributed before it`);
    if (root === undefined) continue;
    roots.set(entry.table, root);
    groupRoot ??= root;
    if (root !== groupRoot)
      problems.push(
        `table ${entry.table} is in the co-location group of ${root}, not of ${groupRoot}: a community's rows would be on two nodes`,
      );
    use('distributed_table', entry.table);
  }
  return planned;
}

/** Primary keys, unique constraints and unique indexes include the distribution column. */
function checkKeys(catalogue: Catalogue, planned: Map<string, PlannedTable>, problems: string[], use: Use): void {
  for (const table of planned.values()) {
    if (!catalogue.keys.some((key) => key.table === table.table && key.kind === 'primary'))
      problems.push(`table ${table.table} has no primary key`);
    else use('primary_key', table.table);
  }
  for (const key of [...catalogue.keys, ...catalogue.uniqueIndexes]) {
    const table = planned.get(key.table);
    if (table === undefined || table.kind !== 'distributed') continue;
    if (!key.columns.includes(table.column))
      problems.push(
        `${key.kind} key ${key.name} of ${key.table} does not include ${String(table.column)} (${key.columns.map((column) => column ?? 'an expression').join(', ')})`,
      );
  }
  for (const index of catalogue.uniqueIndexes) if (planned.has(index.table)) use('unique_index_partial', `${index.name} on ${index.table}`);
  for (const check of catalogue.checks) if (planned.has(check.table)) use('check_constraint', `${check.name} on ${check.table}`);
}

/** Foreign keys pair community_id with community_id, point at tables distributed before them, and use actions Citus allows. */
function checkForeignKeys(
  catalogue: Catalogue,
  planned: Map<string, PlannedTable>,
  local: Set<string>,
  problems: string[],
  use: Use,
): void {
  for (const key of catalogue.foreignKeys) {
    const from = planned.get(key.table);
    const to = planned.get(key.referencedTable);
    const where = `${key.name} of ${key.table}`;
    if (from === undefined && to === undefined) continue;
    if (from === undefined || to === undefined) {
      problems.push(
        `foreign key ${where} joins ${local.has(key.table) || local.has(key.referencedTable) ? 'a local table' : 'an unplanned table'} to a planned one (${key.referencedTable})`,
      );
      continue;
    }
    if (from.kind === 'reference' && to.kind === 'distributed')
      problems.push(
        `foreign key ${where} points from a reference table at a distributed one (${key.referencedTable}), which Citus does not support`,
      );
    if (from.kind === 'distributed' && to.kind === 'distributed') {
      const paired = key.columns.some((column, index) => column === from.column && key.referencedColumns[index] === to.column);
      if (!paired)
        problems.push(
          `foreign key ${where} does not pair ${String(from.column)} with ${key.referencedTable}.${String(to.column)} (${key.columns.join(', ')} → ${key.referencedColumns.join(', ')})`,
        );
    }
    if (key.table !== key.referencedTable && to.order > from.order)
      problems.push(`table ${key.table} is distributed before ${key.referencedTable}, which its foreign key ${key.name} refers to`);
    use('foreign_key_colocated', where);
    if (!key.validated) use('foreign_key_not_valid', where);
    if (key.onDelete === 'cascade') use('foreign_key_on_delete_cascade', where);
    if (key.onDelete === 'set null' || key.onDelete === 'set default') use('foreign_key_set_null_or_default', where);
    if (key.onUpdate === 'cascade' || key.onUpdate === 'set null' || key.onUpdate === 'set default')
      use('foreign_key_on_update_action', where);
  }
}

/** What the reader knows: the planned tables, the schema's functions, and which column reference is the community value. */
function context(
  catalogue: Catalogue,
  planned: Map<string, PlannedTable>,
  isCommunityValue: ReadingContext['isCommunityValue'],
): ReadingContext {
  return { tables: new Set(planned.keys()), functions: new Set(catalogue.functions.map((fn) => fn.name)), isCommunityValue };
}

const never = (): boolean => false;
/** In a row trigger, its row's community. */
const rowCommunity = (fields: readonly string[]): boolean =>
  fields.length === 2 && (fields[0] === 'new' || fields[0] === 'old') && fields[1] === distributionColumn;

/** Triggers on planned tables: what kind, and whether each of their statements stays on its row's community. */
async function checkTriggers(catalogue: Catalogue, planned: Map<string, PlannedTable>, problems: string[], use: Use): Promise<void> {
  for (const trigger of catalogue.triggers) {
    if (!planned.has(trigger.table)) continue;
    const where = `${trigger.name} on ${trigger.table}`;
    use(trigger.perRow ? 'row_trigger' : 'statement_trigger', where);
    if (trigger.events.includes('truncate')) use('truncate_trigger', where);
    if (trigger.constraint && trigger.initiallyDeferred) use('deferred_constraint_trigger', where);
    if (trigger.transitionTables.length > 0) use('transition_table', `${where} (${trigger.transitionTables.join(', ')})`);
    const fn = catalogue.functions.find((candidate) => candidate.name === trigger.functionName && candidate.returnsTrigger);
    if (fn === undefined) {
      problems.push(`trigger ${where} runs ${trigger.functionName}, which is not a trigger function of the schema`);
      continue;
    }
    // A statement-level trigger has no row, so no statement of it is held to one community.
    const reading = await readFunction(
      fn.definition,
      fn.language,
      fn.body,
      context(catalogue, planned, trigger.perRow ? rowCommunity : never),
    );
    if (reading.dynamicSql) problems.push(`trigger function ${fn.name} builds SQL at run time, which this check cannot read`);
    for (const statement of reading.statements) {
      if (statement.systemColumns.length > 0) use('system_column_in_trigger', `${fn.name} (${statement.systemColumns.join(', ')})`);
      if (statement.unbound.length > 0) use('trigger_query_beyond_its_row', `${fn.name} for ${where}: ${quote(statement)}`);
    }
  }
}

/** Every function is distributed; one that writes, by a community argument that holds every statement touching a table to one community. */
async function checkFunctions(
  catalogue: Catalogue,
  plan: DistributionPlan,
  planned: Map<string, PlannedTable>,
  tables: Map<string, Table>,
  signatures: ReadonlyMap<string, string | null>,
  problems: string[],
  use: Use,
): Promise<void> {
  const bySignature = new Map<string, (typeof plan.functions)[number]>();
  for (const entry of plan.functions) {
    const signature = signatures.get(entry.signature);
    if (signature === null || signature === undefined)
      problems.push(`the plan distributes ${entry.signature}, which the schema does not have`);
    else bySignature.set(signature, entry);
  }

  const callable = catalogue.functions.filter((fn) => !fn.returnsTrigger);
  const readings = new Map<string, FunctionReading>();
  for (const fn of callable) {
    const argument = distributionArgument(fn, bySignature.get(fn.signature)?.argument ?? null)?.name ?? null;
    const isArgument = (fields: readonly string[]): boolean => argument !== null && fields.length === 1 && fields[0] === argument;
    readings.set(fn.signature, await readFunction(fn.definition, fn.language, fn.body, context(catalogue, planned, isArgument)));
  }
  const writes = writingFunctions(callable, readings);

  for (const fn of callable) {
    const entry = bySignature.get(fn.signature);
    const written = writes.get(fn.signature);
    const reading = readings.get(fn.signature) as FunctionReading;
    if (reading.dynamicSql) problems.push(`function ${fn.signature} builds SQL at run time, which this check cannot read`);
    if (entry === undefined) {
      problems.push(
        written === undefined
          ? `function ${fn.signature} is not distributed by the plan, so it would not exist on the workers`
          : `function ${fn.signature} writes (${written}) and the plan does not distribute it by its community argument`,
      );
      continue;
    }
    const argument = distributionArgument(fn, entry.argument);
    if (entry.argument === null) problems.push(`function ${fn.signature} is distributed without a community argument`);
    else if (argument === undefined) problems.push(`function ${fn.signature} takes no argument ${entry.argument}`);
    const colocated = entry.colocateWith === null ? undefined : planned.get(entry.colocateWith);
    if (colocated?.kind !== 'distributed')
      problems.push(
        `function ${fn.signature} is not co-located with a distributed table of the plan (colocate_with := ${String(entry.colocateWith)})`,
      );
    const column =
      colocated === undefined ? undefined : tables.get(colocated.table)?.columns.find((candidate) => candidate.name === colocated.column);
    if (argument !== undefined && column !== undefined && argument.type !== column.type) {
      problems.push(
        `function ${fn.signature} is distributed by ${String(argument.name)} (${argument.type}), which is not the type of ${colocated?.table}.${column.name} (${column.type})`,
      );
    }
    use('distributed_function', fn.signature);
    for (const statement of reading.statements) {
      if (statement.locksRows) use('select_for_update', fn.name);
      if (statement.dataModifyingCte) use('data_modifying_cte', fn.name);
      if (statement.systemColumns.length > 0) use('system_column_in_function', `${fn.name} (${statement.systemColumns.join(', ')})`);
      if (argument !== undefined && statement.unbound.length > 0) {
        problems.push(
          `function ${fn.signature} reads or writes ${statement.unbound.join(', ')} without holding it to ${String(argument.name)}: ${quote(statement)}`,
        );
      }
    }
  }
}

/** The argument the plan names, by name or, as Citus allows, by position (`$1`). */
function distributionArgument(fn: CatalogueFunction, named: string | null): CatalogueFunction['arguments'][number] | undefined {
  if (named === null) return undefined;
  const position = /^\$(\d+)$/.exec(named);
  return position === null ? fn.arguments.find((candidate) => candidate.name === named) : fn.arguments[Number(position[1]) - 1];
}

/** Functions that write a table or lock its rows, directly or through the functions they call: signature → what. */
function writingFunctions(functions: CatalogueFunction[], readings: Map<string, FunctionReading>): Map<string, string> {
  const statementsOf = (fn: CatalogueFunction): BodyStatement[] => readings.get(fn.signature)?.statements ?? [];
  const writes = new Map<string, string>();
  for (const fn of functions) {
    const statements = statementsOf(fn);
    const tables = [...new Set(statements.flatMap((statement) => statement.writes))];
    if (tables.length > 0) writes.set(fn.signature, `writes ${tables.join(', ')}`);
    else if (statements.some((statement) => statement.locksRows)) writes.set(fn.signature, 'locks rows');
  }
  // Callers of writers write too; a fixed point, bounded by the number of functions.
  for (let round = 0; round < functions.length; round += 1) {
    let grew = false;
    for (const fn of functions) {
      if (writes.has(fn.signature)) continue;
      const callee = statementsOf(fn)
        .flatMap((statement) => statement.calls)
        .find((name) => functions.some((other) => other.name === name && writes.has(other.signature)));
      if (callee !== undefined) {
        writes.set(fn.signature, `calls ${callee}`);
        grew = true;
      }
    }
    if (!grew) break;
  }
  return writes;
}

/** Sequences and identity columns of planned tables. */
function checkSequences(catalogue: Catalogue, planned: Map<string, PlannedTable>, problems: string[], use: Use): void {
  for (const table of catalogue.tables) {
    if (!planned.has(table.name)) continue;
    for (const column of table.columns) {
      if (column.identity) use('identity_column', `${table.name}.${column.name}`);
      const sequence = /nextval\('([^']+)'/
        .exec(column.defaultExpression ?? '')?.[1]
        ?.replace(/^public\./, '')
        .replace(/::regclass$/, '');
      if (sequence === undefined) continue;
      const found = catalogue.sequences.find((candidate) => candidate.name === sequence);
      if (found === undefined)
        problems.push(`${table.name}.${column.name} takes its default from sequence ${sequence}, which this check does not find`);
      else
        use(
          found.type === 'bigint' ? 'sequence_bigint' : 'sequence_smaller_than_bigint',
          `${found.name} (${found.type}) for ${table.name}.${column.name}`,
        );
    }
  }
  for (const sequence of catalogue.sequences) {
    if (
      sequence.ownedBy !== null &&
      planned.has(sequence.ownedBy.table) &&
      !catalogue.tables.some(
        (table) =>
          table.name === sequence.ownedBy?.table &&
          table.columns.some((column) => column.identity || (column.defaultExpression ?? '').includes(sequence.name)),
      )
    ) {
      use(
        sequence.type === 'bigint' ? 'sequence_bigint' : 'sequence_smaller_than_bigint',
        `${sequence.name} (${sequence.type}) of ${sequence.ownedBy.table}`,
      );
    }
  }
}
