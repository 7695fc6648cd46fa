package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/reelkit/reel/internal/testpg"
	"github.com/reelkit/reel/server/store/postgres"
)

// TestDBFlagSelectsPostgres: `reeld user add --db postgres://...` writes
// the user into PostgreSQL (read back through a second connection), not
// into SQLite under --data.
func TestDBFlagSelectsPostgres(t *testing.T) {
	t.Parallel()
	pg := testpg.Start(t)
	url := pg.NewDatabase(t)
	dir := t.TempDir()
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"user", "add", "--data", dir, "--db", url, "--username", "pat", "--password", "pw", "--credits", "4"}, &out, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	st, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByUsername(ctx, "pat")
	if err != nil || u.Credits == nil || *u.Credits != 4 {
		t.Fatalf("user in postgres: %+v %v", u, err)
	}
	sq, err := openStore(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	if _, err := sq.UserByUsername(ctx, "pat"); err == nil {
		t.Fatal("user also written to SQLite under --data")
	}
}

// TestDBFlagRejectsOtherSchemes: a --db that is not a postgres:// URL is
// a usage error that names the flag and hides the password.
func TestDBFlagRejectsOtherSchemes(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	err := run(context.Background(), []string{"user", "list", "--data", t.TempDir(), "--db", "mysql://root:hunter2@db/x"}, &out, &out)
	if err == nil || exitCode(err, &out) != 2 || !strings.Contains(err.Error(), "--db") || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("err %v (exit %d)", err, exitCode(err, &out))
	}
}
