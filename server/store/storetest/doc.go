// Package storetest is the conformance suite every store.Store passes —
// the SQLite and the PostgreSQL store run the same behavioural tests
// (Run) — and the helpers tests use to look behind a store: raw SQL,
// River's jobs.
package storetest
