// Reads the distribution plan (migrations/citus/distribute.sql) into what it distributes, and how, with PostgreSQL's own parser.
import { parse } from 'libpg-query';
import { statementTexts } from './sql-statements.js';

export interface PlannedTable {
  table: string;
  kind: 'distributed' | 'reference';
  /** The distribution column (distributed tables only). */
  column: string | null;
  /** `none`, `default` or a table name (distributed tables only). */
  colocateWith: string | null;
  /** Its place in the plan: a table is distributed after the tables its foreign keys point at. */
  order: number;
}

export interface PlannedFunction {
  /** As written in the plan, e.g. `linli_apply(text, text, boolean, jsonb)`. */
  signature: string;
  argument: string | null;
  colocateWith: string | null;
  forceDelegation: boolean;
}

export interface DistributionPlan {
  tables: PlannedTable[];
  functions: PlannedFunction[];
  /** Tables that stay plain tables on the coordinator (`-- local table: <name>`). */
  localTables: string[];
  /** Settings the plan turns on with ALTER SYSTEM, e.g. `citus.enable_unsafe_triggers`, and where. */
  settings: { setting: string; where: 'coordinator' | 'workers' }[];
  /** Statements of a shape the plan file does not use: each is a problem, never skipped. */
  unrecognised: string[];
}

type Tree = Record<string, unknown>;

/** A call's constant arguments: positional ones in order, named ones (`colocate_with := …`) by name; undefined if any is not a constant. */
interface Arguments {
  positional: (string | boolean)[];
  named: Map<string, string | boolean>;
}

function constant(node: unknown): string | boolean | undefined {
  const value = (node as Tree | undefined)?.A_Const as Tree | undefined;
  if (value === undefined) return undefined;
  if (value.sval !== undefined) return String((value.sval as Tree).sval ?? '');
  // Protocol buffers leave `false` out: `boolval: {}`.
  if (value.boolval !== undefined) return (value.boolval as Tree).boolval === true;
  return undefined;
}

/** `select f(…)` and nothing else: the function's name and its arguments. */
function soleCall(statement: Tree): { name: string; args: Arguments } | undefined {
  const select = statement.SelectStmt as Tree | undefined;
  const targets = select?.targetList as Tree[] | undefined;
  if (
    select === undefined ||
    targets?.length !== 1 ||
    Object.keys(select).some((key) => !['targetList', 'limitOption', 'op'].includes(key))
  )
    return undefined;
  const call = ((targets[0] as Tree).ResTarget as Tree).val as Tree;
  const fn = call.FuncCall as Tree | undefined;
  if (fn === undefined) return undefined;
  const name = (fn.funcname as Tree[]).map((part) => (part.String as Tree).sval).join('.');
  const args: Arguments = { positional: [], named: new Map() };
  for (const arg of (fn.args as Tree[] | undefined) ?? []) {
    const namedArg = arg.NamedArgExpr as Tree | undefined;
    const value = constant(namedArg === undefined ? arg : namedArg.arg);
    if (value === undefined) return undefined;
    if (namedArg === undefined) args.positional.push(value);
    else args.named.set(String(namedArg.name), value);
  }
  return { name, args };
}

/** `alter system set <setting> = on`: the setting's name. */
function settingTurnedOn(statement: Tree): string | undefined {
  const set = (statement.AlterSystemStmt as Tree | undefined)?.setstmt as Tree | undefined;
  const [value] = (set?.args as unknown[] | undefined) ?? [];
  const on = constant(value);
  return set !== undefined && (on === 'on' || on === true) ? String(set.name) : undefined;
}

function only(args: Arguments, positional: number, named: readonly string[]): boolean {
  return args.positional.length === positional && [...args.named.keys()].every((name) => named.includes(name));
}

const localTable = /^-- local table: ([a-z_][a-z0-9_]*)\b/gm;

export async function parsePlan(text: string): Promise<DistributionPlan> {
  const plan: DistributionPlan = { tables: [], functions: [], localTables: [], settings: [], unrecognised: [] };
  for (const match of text.matchAll(localTable)) plan.localTables.push(match[1] as string);
  for (const { statement, source } of await statementTexts(text)) {
    const setting = settingTurnedOn(statement);
    const call = soleCall(statement);
    const args = call?.args;
    const text = (value: string | boolean | undefined): string | null => (typeof value === 'string' ? value : null);
    if (setting !== undefined) {
      plan.settings.push({ setting, where: 'coordinator' });
    } else if (call?.name === 'pg_reload_conf' && args !== undefined && only(args, 0, [])) {
      // Reloads the configuration the statement before it changed.
    } else if (
      call?.name === 'create_distributed_table' &&
      args !== undefined &&
      only(args, 2, ['colocate_with']) &&
      typeof args.positional[0] === 'string' &&
      typeof args.positional[1] === 'string'
    ) {
      plan.tables.push({
        table: args.positional[0],
        kind: 'distributed',
        column: args.positional[1],
        colocateWith: text(args.named.get('colocate_with')) ?? 'default',
        order: plan.tables.length,
      });
    } else if (
      call?.name === 'create_reference_table' &&
      args !== undefined &&
      only(args, 1, []) &&
      typeof args.positional[0] === 'string'
    ) {
      plan.tables.push({ table: args.positional[0], kind: 'reference', column: null, colocateWith: null, order: plan.tables.length });
    } else if (
      call?.name === 'create_distributed_function' &&
      args !== undefined &&
      args.positional.length >= 1 &&
      args.positional.length <= 2 &&
      only(args, args.positional.length, ['colocate_with', 'force_delegation']) &&
      typeof args.positional[0] === 'string'
    ) {
      plan.functions.push({
        signature: args.positional[0],
        argument: text(args.positional[1]),
        colocateWith: text(args.named.get('colocate_with')),
        forceDelegation: args.named.get('force_delegation') === true,
      });
    } else if (
      call?.name === 'run_command_on_workers' &&
      args !== undefined &&
      only(args, 1, []) &&
      typeof args.positional[0] === 'string'
    ) {
      const [inner] = (await parse(args.positional[0])).stmts ?? [];
      const onWorkers = inner === undefined ? undefined : settingTurnedOn(inner.stmt as Tree);
      const reload = inner === undefined ? undefined : soleCall(inner.stmt as Tree);
      if (onWorkers !== undefined) plan.settings.push({ setting: onWorkers, where: 'workers' });
      else if (reload?.name !== 'pg_reload_conf') plan.unrecognised.push(source);
    } else {
      plan.unrecognised.push(source);
    }
  }
  return plan;
}
