package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/reelkit/reel/internal/testpg"
	"github.com/reelkit/reel/server/store"
	"github.com/reelkit/reel/server/store/postgres"
	"github.com/reelkit/reel/server/store/sqlite"
)

// Subject is one store under test plus the access to its database that
// the suite needs besides the store (to break its invariants behind its
// back, as a buggy caller would, and to read River's jobs).
type Subject struct {
	store.Store
	// Raw runs one statement on the database.
	Raw func(q string) error
	// AttemptedBy is the SQL literal of River's attempted_by column
	// holding one client id, in the database's dialect.
	AttemptedBy func(id string) string
}

// SQLite opens a fresh SQLite store in t's temporary directory, closed
// when t ends.
func SQLite(t testing.TB) Subject {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reel.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return OfSQLite(st)
}

// OfSQLite is the Subject of an open SQLite store.
func OfSQLite(st *sqlite.Store) Subject {
	return Subject{
		Store:       st,
		Raw:         func(q string) error { _, err := st.DB().Exec(q); return err },
		AttemptedBy: func(id string) string { return "jsonb(json_array('" + id + "'))" },
	}
}

// Postgres opens a fresh PostgreSQL store on a new database of pg,
// closed when t ends.
func Postgres(t testing.TB, pg *testpg.Server) Subject {
	t.Helper()
	st, err := postgres.Open(context.Background(), pg.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return OfPostgres(st)
}

// OfPostgres is the Subject of an open PostgreSQL store.
func OfPostgres(st *postgres.Store) Subject {
	return Subject{
		Store:       st,
		Raw:         func(q string) error { _, err := st.Pool().Exec(context.Background(), q); return err },
		AttemptedBy: func(id string) string { return "ARRAY['" + id + "']" },
	}
}

// RiverJob is one River job as a test reads it from the database.
type RiverJob struct {
	ID       int64
	Kind     string
	Queue    string
	State    string
	Priority int
	Attempt  int
	Args     map[string]any
}

// RiverJobs reads every River job of st (a SQLite or PostgreSQL store, or
// a Subject of one), oldest first.
func RiverJobs(t testing.TB, st store.Store) []RiverJob {
	t.Helper()
	jobs, err := riverJobs(st)
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

func riverJobs(st store.Store) ([]RiverJob, error) {
	if s, ok := st.(Subject); ok {
		st = s.Store
	}
	var rows interface {
		Next() bool
		Scan(...any) error
		Err() error
	}
	switch s := st.(type) {
	case *sqlite.Store:
		r, err := s.DB().Query(`SELECT id, kind, queue, state, priority, attempt, json(args) FROM river_job ORDER BY id`)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		rows = r
	case *postgres.Store:
		r, err := s.Pool().Query(context.Background(), `SELECT id, kind, queue, state::text, priority, attempt, args::text FROM river_job ORDER BY id`)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		rows = r
	default:
		return nil, fmt.Errorf("storetest: unknown store %T", st)
	}
	var out []RiverJob
	for rows.Next() {
		var r RiverJob
		var args string
		if err := rows.Scan(&r.ID, &r.Kind, &r.Queue, &r.State, &r.Priority, &r.Attempt, &args); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(args), &r.Args); err != nil {
			return nil, fmt.Errorf("river args %q: %w", args, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
