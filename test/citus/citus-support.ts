// What Citus says of each database feature the schema could rely on, and the fallback where it is unsupported.
//
// `status` is what the plan may rely on: `supported` (Citus documents it, or its source accepts it
// and its documentation does not forbid it), `opt_in` (only with the named setting on every node),
// `undocumented` (Citus neither documents nor forbids it; relied on, and listed in docs/SCALING.md
// as a thing to try on a cluster first) and `unsupported` (the check fails while the schema uses it).
// The record is exhaustive: a feature added to the union without an entry does not compile.

export type CitusFeature =
  | 'distributed_table'
  | 'primary_key'
  | 'foreign_key_colocated'
  | 'foreign_key_not_valid'
  | 'foreign_key_on_delete_cascade'
  | 'foreign_key_set_null_or_default'
  | 'foreign_key_on_update_action'
  | 'check_constraint'
  | 'unique_index_partial'
  | 'row_trigger'
  | 'statement_trigger'
  | 'truncate_trigger'
  | 'deferred_constraint_trigger'
  | 'transition_table'
  | 'trigger_query_beyond_its_row'
  | 'system_column_in_trigger'
  | 'sequence_bigint'
  | 'sequence_smaller_than_bigint'
  | 'identity_column'
  | 'rule'
  | 'distributed_function'
  | 'select_for_update'
  | 'data_modifying_cte'
  | 'system_column_in_function';

export interface Support {
  /** How docs/SCALING.md names it (the test checks that the doc lists every feature in use). */
  title: string;
  status: 'supported' | 'opt_in' | 'undocumented' | 'unsupported';
  /** What Citus's documentation (or, where it is silent, its source or tests) says. */
  citus: string;
  source: string;
  /** The setting an `opt_in` feature needs on the coordinator and every worker. */
  setting?: string;
  /** What the plan does instead, where the feature is unsupported or only opt-in. */
  fallback?: string;
}

const docs = 'https://docs.citusdata.com/en/stable';
const source = 'https://github.com/citusdata/citus/blob/main';

export const citusSupport: Record<CitusFeature, Support> = {
  distributed_table: {
    title: 'Tables distributed by community_id, co-located',
    status: 'supported',
    citus:
      'create_distributed_table(table, column, colocate_with): tables distributed by columns of the same type can share a co-location group; "Primary keys and uniqueness constraints must include the distribution column."',
    source: `${docs}/develop/api_udf.html#create-distributed-table, ${docs}/develop/reference_ddl.html`,
  },
  primary_key: {
    title: 'A primary key on every table',
    status: 'supported',
    citus:
      'Shard moves copy a table by logical replication; "if it doesn\'t have a primary key or an explicitly defined replica identity, then attempting to rebalance it will cause an error."',
    source: `${docs}/admin_guide/cluster_management.html`,
  },
  foreign_key_colocated: {
    title: 'Foreign keys between co-located tables',
    status: 'supported',
    citus:
      'Foreign keys may be created "between two colocated distributed tables when the key includes the distribution column"; "Foreign keys from reference tables to distributed tables are not supported." The referenced table is distributed first.',
    source: `${docs}/develop/reference_ddl.html`,
  },
  foreign_key_not_valid: {
    title: 'NOT VALID foreign keys',
    status: 'supported',
    citus: '"Citus supports this feature for CHECK constraints and foreign keys, using PostgreSQL\'s NOT VALID constraint designation."',
    source: `${docs}/develop/reference_ddl.html`,
  },
  foreign_key_on_delete_cascade: {
    title: 'ON DELETE CASCADE between co-located tables',
    status: 'supported',
    citus:
      'Not named in the documentation; the source refuses only SET NULL and SET DEFAULT on delete, and SET NULL, SET DEFAULT and CASCADE on update, when the key includes the distribution column (ErrorIfUnsupportedForeignConstraintExists).',
    source: `${source}/src/backend/distributed/commands/foreign_constraint.c`,
  },
  foreign_key_set_null_or_default: {
    title: 'ON DELETE SET NULL or SET DEFAULT',
    status: 'unsupported',
    citus:
      '"SET NULL or SET DEFAULT is not supported in ON DELETE operation when distribution key is included in the foreign key constraint" (an error of create_distributed_table).',
    source: `${source}/src/backend/distributed/commands/foreign_constraint.c`,
    fallback: 'NO ACTION or CASCADE; set other columns in the service.',
  },
  foreign_key_on_update_action: {
    title: 'ON UPDATE CASCADE, SET NULL or SET DEFAULT',
    status: 'unsupported',
    citus:
      '"SET NULL, SET DEFAULT or CASCADE is not supported in ON UPDATE operation when distribution key included in the foreign constraint."',
    source: `${source}/src/backend/distributed/commands/foreign_constraint.c`,
    fallback: 'Keys are never updated (the ledger refuses it with triggers); NO ACTION.',
  },
  check_constraint: {
    title: 'CHECK constraints',
    status: 'supported',
    citus: 'Constraints are kept on each shard; CHECK constraints are supported, NOT VALID ones too.',
    source: `${docs}/develop/reference_ddl.html`,
  },
  unique_index_partial: {
    title: 'Partial unique indexes that include community_id',
    status: 'supported',
    citus:
      'A uniqueness constraint must include the distribution column; each shard enforces it for its rows, which are whole communities.',
    source: `${docs}/develop/reference_ddl.html`,
  },
  row_trigger: {
    title: 'Row-level triggers',
    status: 'opt_in',
    citus:
      'The documentation\'s page says "Citus does not yet support creating triggers on distributed tables" and shows a workaround (run_command_on_shards). Citus 11.0.2 added citus.enable_unsafe_triggers, described in the source as "Enables arbitrary triggers on distributed tables which may cause visibility and deadlock issues. Use at your own risk."; with it, a table\'s triggers are created on its shards.',
    source: `${docs}/extra/triggers.html, ${source}/CHANGELOG.md (v11.0.2), ${source}/src/backend/distributed/shared_library_init.c`,
    setting: 'citus.enable_unsafe_triggers',
    fallback:
      "Without the setting: the documentation's workaround (create each trigger on every shard with run_command_on_shards, again after every rebalance); or, for the triggers that only refuse (journal rows immutable, accounts never deleted), REVOKE UPDATE, DELETE and TRUNCATE from the service's role.",
  },
  statement_trigger: {
    title: 'Statement-level triggers',
    status: 'opt_in',
    citus:
      'As row-level triggers: only with citus.enable_unsafe_triggers, and then they run once per statement on each shard. Citus\'s test distributed_triggers refuses one that writes another table ("cannot execute a distributed query from a query on a shard").',
    source: `${source}/src/test/regress/expected/distributed_triggers.out`,
    setting: 'citus.enable_unsafe_triggers',
    fallback:
      'Statement-level triggers that only raise (the TRUNCATE guards) stay; those that query tables become row-level (migrations/citus/row-level-checks.sql).',
  },
  truncate_trigger: {
    title: 'TRUNCATE triggers',
    status: 'opt_in',
    citus:
      'Statement-level triggers like the others: created on the table and its shards only with citus.enable_unsafe_triggers (Citus 11.x); the documentation says nothing of TRUNCATE triggers on distributed tables.',
    source: `${source}/src/backend/distributed/commands/trigger.c`,
    setting: 'citus.enable_unsafe_triggers',
    fallback: "REVOKE TRUNCATE from the service's role.",
  },
  deferred_constraint_trigger: {
    title: 'Deferred constraint triggers',
    status: 'undocumented',
    citus:
      "The documentation does not mention constraint triggers. Citus copies a table's triggers to its shards as pg_get_triggerdef prints them, so a deferred trigger on a shard runs when that node's transaction commits (at PREPARE TRANSACTION in a two-phase commit), and an error there aborts the distributed transaction.",
    source: `${source}/src/backend/distributed/commands/trigger.c`,
  },
  transition_table: {
    title: 'Triggers over transition tables',
    status: 'unsupported',
    citus:
      'The documentation does not mention transition tables. In a trigger on a shard Citus runs a query on a distributed table only when it goes to a shard on the same node (IsTaskExecutionAllowed); a statement that joins the transition table to another table names no community, so it is planned over every shard and refused: "cannot execute a distributed query from a query on a shard". Citus\'s MERGE planner refuses tuplestores outright ("until we find a genuine use case").',
    source: `${source}/src/backend/distributed/executor/multi_executor.c, ${source}/src/backend/distributed/planner/merge_planner.c`,
    fallback:
      'migrations/citus/row-level-checks.sql: a foreign key for account and unit, a row trigger for "written with its transaction", 0001\'s deferred row trigger for the balance.',
  },
  trigger_query_beyond_its_row: {
    title: "Trigger queries that do not filter on their row's community",
    status: 'unsupported',
    citus:
      'A trigger on a shard may reach only shards on its node; Citus\'s test distributed_triggers shows a row trigger writing another key, and one updating a whole table, refused with "cannot execute a distributed query from a query on a shard", and inside a force-delegated function "queries must filter by the distribution argument in the same colocation group".',
    source: `${source}/src/test/regress/expected/distributed_triggers.out`,
    fallback: 'Every statement of a trigger function that reads or writes a table filters on new.community_id (or old.community_id).',
  },
  system_column_in_trigger: {
    title: 'xmin and transaction ids in a trigger',
    status: 'undocumented',
    citus:
      "Not mentioned. The trigger, the shard it reads and the writing transaction are on one node, so xmin and pg_current_xact_id() are that node's own and compare as on one server, provided a distributed transaction sends its statements for one node's co-located shards over one connection (Citus does, so that they see each other's writes).",
    source: `${source}/src/backend/distributed/executor/multi_executor.c`,
  },
  sequence_bigint: {
    title: 'bigint sequences',
    status: 'supported',
    citus:
      '"Citus encodes the node identifier in the sequence generated on every node, this allows every individual node to take inserts directly without having the sequence overlap."',
    source: `${docs}/develop/reference_workarounds.html`,
  },
  sequence_smaller_than_bigint: {
    title: 'Sequences smaller than bigint',
    status: 'unsupported',
    citus:
      '"This method however doesn\'t work for sequences that are smaller than BIGINT, which may result in inserts on worker nodes failing."',
    source: `${docs}/develop/reference_workarounds.html`,
    fallback: "A bigint sequence, or ids made by the service (the ledger's seq is counted per community in ledger_communities.last_seq).",
  },
  identity_column: {
    title: 'Identity columns',
    status: 'unsupported',
    citus:
      'Citus 11.3 "Prevents using identity columns on data types other than bigint on distributed tables"; the documentation does not describe them.',
    source: `${source}/CHANGELOG.md (v11.3.0)`,
    fallback: 'Ids made by the service, as every table does now.',
  },
  rule: {
    title: 'Rules',
    status: 'unsupported',
    citus: '"The rule system is not supported."',
    source: `${docs}/develop/reference_workarounds.html`,
    fallback: 'A trigger.',
  },
  distributed_function: {
    title: 'Functions distributed by their community argument',
    status: 'supported',
    citus:
      'create_distributed_function(function, distribution_arg_name, colocate_with): "Citus uses the value of the distribution argument to pick a worker node to run the function"; with force_delegation a call inside a transaction block is forwarded too, and every query in it must filter on that value.',
    source: `${docs}/develop/api_udf.html#create-distributed-function, ${source}/src/backend/distributed/planner/function_call_delegation.c`,
  },
  select_for_update: {
    title: "SELECT … FOR UPDATE (the community's head row lock)",
    status: 'supported',
    citus: '"SELECT … FOR UPDATE work in single-shard queries only"; the head lock reads one community\'s row.',
    source: `${docs}/develop/reference_workarounds.html`,
  },
  data_modifying_cte: {
    title: 'Data-modifying CTEs in one community',
    status: 'supported',
    citus:
      '"Citus has 100% SQL coverage for any queries it is able to execute on a single worker node"; every statement of the ledger\'s functions reads and writes one community.',
    source: `${docs}/develop/reference_workarounds.html`,
  },
  system_column_in_function: {
    title: "ctid in the ledger's functions",
    status: 'undocumented',
    citus:
      "Not mentioned. linli_post and linli_post_all find account rows again by ctid within one statement sequence of one community, so on one shard of one node, under the community's head lock.",
    source: `${docs}/develop/reference_workarounds.html`,
  },
};
