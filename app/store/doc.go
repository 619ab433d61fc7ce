// Package store holds Frontline's embedded database: a Badger instance in
// <data>/db behind a small transactional interface (get, put, delete, scan a
// prefix), ULID record ids, secondary indexes, cursor paging, the
// append-only event log, the schema version with its migration runner and
// value-log garbage collection.
//
// No Badger type leaves this package: domain packages speak only to DB and
// Tx, which keeps their rules testable and the storage replaceable.
//
// It must not import any other Frontline package.
package store
