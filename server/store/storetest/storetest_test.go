package storetest_test

import (
	"context"
	"testing"

	"github.com/reelkit/reel/internal/testpg"
	"github.com/reelkit/reel/server/store/postgres"
	"github.com/reelkit/reel/server/store/sqlite"
	"github.com/reelkit/reel/server/store/storetest"
)

// TestConformanceSQLite runs the store conformance suite on SQLite.
func TestConformanceSQLite(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) storetest.Subject { return storetest.SQLite(t) })
}

// TestConformancePostgres runs the same suite on PostgreSQL (a throwaway
// cluster; skipped only when PostgreSQL is not installed).
func TestConformancePostgres(t *testing.T) {
	t.Parallel()
	pg := testpg.Start(t)
	storetest.Run(t, func(t *testing.T) storetest.Subject { return storetest.Postgres(t, pg) })
}

// TestSchemasMatch: every table has the same columns in SQLite and
// PostgreSQL, so a column added to one store's migrations and not the
// other's fails here, not in production.
func TestSchemasMatch(t *testing.T) {
	t.Parallel()
	pg := testpg.Start(t)
	ctx := context.Background()
	p := storetest.Postgres(t, pg).Store.(*postgres.Store)
	s := storetest.SQLite(t).Store.(*sqlite.Store)
	for _, table := range []string{"users", "tokens", "photos", "musics", "clips", "videos", "jobs", "callbacks", "processes", "segments"} {
		sqliteCols := map[string]bool{}
		rows, err := s.DB().Query(`SELECT name FROM pragma_table_info(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var c string
			rows.Scan(&c)
			sqliteCols[c] = true
		}
		rows.Close()
		pgCols := map[string]bool{}
		prows, err := p.Pool().Query(ctx, `SELECT column_name FROM information_schema.columns WHERE table_name=$1`, table)
		if err != nil {
			t.Fatal(err)
		}
		for prows.Next() {
			var c string
			prows.Scan(&c)
			pgCols[c] = true
		}
		prows.Close()
		delete(pgCols, "seq") // tokens.seq stands in for SQLite's rowid
		if len(sqliteCols) == 0 {
			t.Fatalf("table %s: no columns read from SQLite", table)
		}
		for c := range sqliteCols {
			if !pgCols[c] {
				t.Errorf("%s.%s is in SQLite, not in PostgreSQL (append a PostgreSQL migration)", table, c)
			}
		}
		for c := range pgCols {
			if !sqliteCols[c] {
				t.Errorf("%s.%s is in PostgreSQL, not in SQLite", table, c)
			}
		}
	}
}
