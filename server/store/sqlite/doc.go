// Package sqlite is reeld's embedded store: one SQLite file (WAL mode,
// modernc.org/sqlite, pure Go) holding reel's tables and River's
// (riversqlite). Its rules are server/store/sqlstore's; this package
// holds only what SQLite needs: the schema and its migrations, the
// connection settings, the placeholder rewrite and River's SQLite driver.
//
// It assumes a single reeld process owns the file: jobs left running by
// a dead process are queued again when the next one opens it and starts
// its queue. Write transactions begin IMMEDIATE, so they run one at a
// time and need no row locks.
package sqlite
