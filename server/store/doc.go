// Package store defines what reeld keeps: small role interfaces (Users,
// Tokens, Media, Videos, Ledger, Segments, Queue) that the rest of the
// server depends on, and Store, their union, which a database backend
// implements.
//
// Every read of an owned object takes the owner's id and returns
// model.ErrNotFound for another user's object. The rules behind these
// interfaces — the exactly-once render with its credit, the refunds, the
// guarded status writes, the segment claims — are written once, in
// server/store/sqlstore, over a small dialect; server/store/sqlite and
// server/store/postgres hold only what each database needs (schema,
// migrations, connections, River's driver). server/store/storetest is the
// conformance suite both pass.
package store
