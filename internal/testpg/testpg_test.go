package testpg

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestStartQueryStop: a cluster starts, a new database answers a query
// with the server's version and keeps a row, and Cleanup stops it.
func TestStartQueryStop(t *testing.T) {
	t.Parallel()
	s := Start(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, s.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var v int
	if err := conn.QueryRow(ctx, `SELECT current_setting('server_version_num')::int`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v < 100000 {
		t.Fatalf("server_version_num %d", v)
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE x(a int); INSERT INTO x VALUES (42)`); err != nil {
		t.Fatal(err)
	}
	var a int
	if err := conn.QueryRow(ctx, `SELECT a FROM x`).Scan(&a); err != nil || a != 42 {
		t.Fatalf("read back %d %v", a, err)
	}
}
