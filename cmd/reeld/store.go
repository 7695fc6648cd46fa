package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/reelkit/reel/server/store"
	"github.com/reelkit/reel/server/store/postgres"
	"github.com/reelkit/reel/server/store/sqlite"
)

// openStore opens the store --db names: "" is the embedded SQLite file
// under the data directory; a postgres:// (or postgresql://) URL is a
// PostgreSQL database, migrated on open.
func openStore(ctx context.Context, db, data string) (store.Store, error) {
	switch {
	case db == "":
		return sqlite.Open(ctx, filepath.Join(data, "reel.db"))
	case isPostgresURL(db):
		return postgres.Open(ctx, db)
	default:
		return nil, usageError{fmt.Errorf("--db %q: want a postgres:// URL, or nothing for SQLite under --data", redactDSN(db))}
	}
}

// isPostgresURL reports whether db names a PostgreSQL database.
func isPostgresURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// redactDSN hides a password in a connection URL for error messages.
func redactDSN(s string) string {
	if i := strings.Index(s, "://"); i >= 0 {
		rest := s[i+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			if c := strings.Index(rest[:at], ":"); c >= 0 {
				return s[:i+3] + rest[:c] + ":xxx" + rest[at:]
			}
		}
	}
	return s
}
