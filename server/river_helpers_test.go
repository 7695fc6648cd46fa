package server

import (
	"context"
	"encoding/json"
	"testing"
)

// riverJobRow is one River job as the tests read it from the database.
type riverJobRow struct {
	ID       int64
	Kind     string
	Queue    string
	State    string
	Priority int
	Attempt  int
	Args     map[string]any
}

// riverJobsOf reads every River job of st (SQLite or PostgreSQL), oldest
// first.
func riverJobsOf(t testing.TB, st Store) []riverJobRow {
	t.Helper()
	if u, ok := st.(storeUnderTest); ok {
		st = u.Store
	}
	var out []riverJobRow
	scan := func(sc func(...any) error) {
		var r riverJobRow
		var args string
		if err := sc(&r.ID, &r.Kind, &r.Queue, &r.State, &r.Priority, &r.Attempt, &args); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(args), &r.Args); err != nil {
			t.Fatalf("river args %q: %v", args, err)
		}
		out = append(out, r)
	}
	switch s := st.(type) {
	case *SQLiteStore:
		rows, err := s.db.Query(`SELECT id, kind, queue, state, priority, attempt, json(args) FROM river_job ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			scan(rows.Scan)
		}
	case *PostgresStore:
		rows, err := s.pool.Query(context.Background(), `SELECT id, kind, queue, state::text, priority, attempt, args::text FROM river_job ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			scan(rows.Scan)
		}
	default:
		t.Fatalf("riverJobsOf: unknown store %T", st)
	}
	return out
}

// attemptedBy is the SQL literal of River's attempted_by holding one
// client id, in st's dialect.
func attemptedBy(st Store, id string) string {
	if _, ok := st.(*PostgresStore); ok {
		return "ARRAY['" + id + "']"
	}
	return "jsonb(json_array('" + id + "'))"
}
