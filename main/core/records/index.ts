/** The records room's door: what the rest of the app may use of it. */
export {
  DEFAULT_SHARD_SIZE,
  openRecords,
  openRecordsInBackground,
  shardName,
  type LoadingRecords,
  type RecordQuery,
  type Records,
} from './history-shards.ts';
export { createHistory, type History } from './history.ts';
export { RECORDS_SCHEMA_VERSION, type SessionRecord } from './record-schema.ts';
export { CSV_COLUMN_NAMES } from './csv-columns.ts';
