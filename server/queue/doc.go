// Package queue is reeld's job queue on River (riverqueue/river): the
// render, preview, segment and callback queues, the workers that hand
// their jobs to a JobRunner, and the liveness table that decides when a
// running job's process has died.
//
// The queue holds no rules about credits or videos: a render or preview
// job only names its ledger job (the store's jobs table row, which holds
// the credit and counts attempts), and the store inserts it in the same
// transaction that charges for it (Queue.Inserter). A segment job names
// one row of the store's segments table; a callback job carries its URL
// and body.
//
// Liveness: every process heartbeats into a table the store keeps
// (Liveness). A running River job whose process was not seen for
// Options.StaleAfter is made available again — not River's rescuer,
// which cannot tell a 30-minute render from a dead worker and stays only
// as a 24-hour backstop.
//
// Queue is generic over the transaction type of River's driver
// (*sql.Tx for riversqlite, pgx.Tx for riverpgxv5), so one set of
// workers and rules serves both databases.
package queue
