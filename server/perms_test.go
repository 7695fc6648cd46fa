package server

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/store/sqlite"
)

// TestStorageIsPrivate: the database (with its -wal and -shm files), blob
// directories and objects, and the work dir are created for the server's
// user only, whatever the umask: uploads and tokens are not readable by
// other local users.
func TestStorageIsPrivate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "reel.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := auth.AddUser(ctx, st, "ann", "pw", "", -1); err != nil {
		t.Fatal(err)
	}
	bl, err := blob.NewFS(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bl.Put(ctx, "photos/ab/p1.jpg", strings.NewReader("jpeg")); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{Store: st, Blobs: bl, WorkDir: filepath.Join(dir, "work"), Now: time.Now}); err != nil {
		t.Fatal(err)
	}
	want := map[string]fs.FileMode{
		"reel.db": 0o600, "reel.db-wal": 0o600, "reel.db-shm": 0o600,
		"blobs": 0o700, "blobs/photos": 0o700, "blobs/photos/ab": 0o700, "blobs/photos/ab/p1.jpg": 0o600,
		"work": 0o700,
	}
	for name, mode := range want {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			if strings.HasSuffix(name, "-wal") || strings.HasSuffix(name, "-shm") {
				continue // SQLite may not have made it yet
			}
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != mode {
			t.Errorf("%s: mode %v, want %v", name, got, mode)
		}
	}
}
