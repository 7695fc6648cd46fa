// Package postgres is reeld's store on PostgreSQL (pgx v5, a connection
// pool), for deployments that outgrow one machine: any number of reeld
// processes share one database, River's jobs live in it beside reel's
// tables (riverpgxv5), and a job whose process stops heartbeating is
// rescued by the others.
//
// Its rules are server/store/sqlstore's, the same as SQLite's; this
// package holds only what PostgreSQL needs: the schema and its
// migrations (under an advisory lock, so concurrent openers migrate
// once), the pool settings, row locks in the dialect (FOR UPDATE, and
// SKIP LOCKED for segment claims) and River's pgx driver.
package postgres
