// Package sqlstore is reeld's store written once in SQL: every rule of
// store.Store — the exactly-once render with its credit, refunds, the
// guarded video writes, token caps, segment claims, liveness — lives here,
// over a DB that a database package adapts (server/store/sqlite,
// server/store/postgres) and a small Dialect for what SQL does not say the
// same way in both.
//
// The rules are written with PostgreSQL's $n placeholders; a DB whose
// database wants others rewrites them. Locking is the dialect's: a
// transaction locks the rows it will change, always in one order (user,
// then video, then jobs), with Dialect.LockRows — "FOR UPDATE" in
// PostgreSQL, nothing in SQLite, whose write transactions begin
// IMMEDIATE and so run one at a time.
//
// River jobs are inserted inside the same transactions (Tx embeds
// queue.Inserter), so a job exists exactly when the rows that describe it
// were committed.
package sqlstore
