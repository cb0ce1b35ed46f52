// The ledger's public face: nothing else in this package is imported from outside it.
export { openDatabase, type Database, type DatabaseKind, type DatabaseOptions } from './database.js';
