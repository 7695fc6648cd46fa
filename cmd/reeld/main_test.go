package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/store/sqlite"
)

func TestUserCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx := context.Background()
	for _, tc := range []struct {
		args    []string
		want    string
		wantErr bool
	}{
		{[]string{"user", "add", "--data", dir, "--username", "ann", "--password", "pw"}, "added user ann", false},
		{[]string{"user", "add", "--data", dir, "--username", "bob", "--password", "pw", "--credits", "3"}, "added user bob", false},
		{[]string{"user", "add", "--data", dir, "--username", "ann", "--password", "pw"}, "", true},
		{[]string{"user", "add", "--data", dir, "--username", "app:x", "--password", "pw"}, "", true},
		{[]string{"user", "add", "--data", dir, "--username", "nopass"}, "", true},
		{[]string{"user", "list", "--data", dir}, "ann", false},
		{[]string{"user", "quota", "--data", dir, "--username", "bob", "--bytes", "5000000"}, "user bob: storage quota 5000000 bytes", false},
		{[]string{"user", "quota", "--data", dir, "--username", "bob", "--bytes", "-1"}, "user bob: storage quota is the server's default", false},
		{[]string{"user", "quota", "--data", dir, "--username", "nobody", "--bytes", "1"}, "", true},
		{[]string{"user", "quota", "--data", dir, "--username", "bob"}, "", true},
		{[]string{"user", "remove", "--data", dir, "--username", "ann"}, "removed user ann", false},
		{[]string{"user", "remove", "--data", dir, "--username", "ann"}, "", true},
		{[]string{"user", "frob", "--data", dir}, "", true},
	} {
		var out bytes.Buffer
		err := run(ctx, tc.args, &out, &out)
		if (err != nil) != tc.wantErr || !strings.Contains(out.String(), tc.want) {
			t.Errorf("%v: err %v, output %q", tc.args, err, out.String())
		}
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"user", "list", "--data", dir}, &out, &out); err != nil {
		t.Fatal(err)
	}
	// One line per user: id, username, name, credits (the random id may
	// contain any letters, so compare fields, not substrings).
	var users []string
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("user list line %q: want 4 tab-separated fields", line)
		}
		users = append(users, f[1]+" "+f[3])
	}
	if len(users) != 1 || users[0] != "bob credits=3" {
		t.Errorf("list after remove: %q", out.String())
	}
}

func TestBootstrapAppIsStable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, created, err := bootstrapApp(dir)
	if err != nil || !created || len(a.Secret) < 32 {
		t.Fatalf("%v %v %v", a, created, err)
	}
	b, created, err := bootstrapApp(dir)
	if err != nil || created || a != b {
		t.Fatalf("second load: %v %v %v", b, created, err)
	}
}

// TestUserRemoveDeletesFiles: reeld user remove deletes the user's files
// under DATA/blobs, not only the database rows.
func TestUserRemoveDeletesFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"user", "add", "--data", dir, "--username", "eve", "--password", "pw"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, filepath.Join(dir, "reel.db"))
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.UserByUsername(ctx, "eve")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "blobs", "musics", "m1.wav")
	os.MkdirAll(filepath.Dir(file), 0o755)
	os.WriteFile(file, []byte("RIFF"), 0o644)
	_, err = st.CreateMusic(ctx, &model.Music{ID: "m1", UserID: u.ID, Blob: "musics/m1.wav", ContentType: "audio/wav", Title: "t", Artist: "a", Duration: 1, CreatedOn: time.Now()}, 0)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"user", "remove", "--data", dir, "--username", "eve"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("music file left after user remove: %v", err)
	}
}

// TestDataDirIsPrivate: reeld creates its data directory 0700 and the
// database 0600 (tokens, password hashes and uploads are not for other
// local users).
func TestDataDirIsPrivate(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"user", "add", "--data", dir, "--username", "ann", "--password", "pw"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for name, mode := range map[string]fs.FileMode{"": 0o700, "reel.db": 0o600} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != mode {
			t.Errorf("%q: mode %v, want %v", name, got, mode)
		}
	}
}

// TestHTTPServerTimeouts: slow headers and idle connections are bounded;
// whole-request ReadTimeout and WriteTimeout stay off (the handler's
// progress deadlines cut stalls without cutting long transfers).
func TestHTTPServerTimeouts(t *testing.T) {
	t.Parallel()
	hs := newHTTPServer(http.NotFoundHandler(), slog.New(slog.DiscardHandler))
	if hs.ReadHeaderTimeout != 10*time.Second || hs.IdleTimeout <= 0 || hs.MaxHeaderBytes <= 0 {
		t.Fatalf("header %v, idle %v, max header bytes %d", hs.ReadHeaderTimeout, hs.IdleTimeout, hs.MaxHeaderBytes)
	}
	if hs.ReadTimeout != 0 || hs.WriteTimeout != 0 {
		t.Fatalf("ReadTimeout %v, WriteTimeout %v would cut long uploads and downloads", hs.ReadTimeout, hs.WriteTimeout)
	}
}

func TestUserCommandChecksNameBeforeTouchingData(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"user", "bogus", "--data", dir}, &out, &out); err == nil || !strings.Contains(err.Error(), "unknown user command") {
		t.Fatalf("user bogus: err = %v", err)
	}
	if err := run(context.Background(), []string{"user", "--help"}, &out, &out); err != nil || !strings.Contains(out.String(), "reeld user add") {
		t.Fatalf("user --help: err = %v, output %q", err, out.String())
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("data directory created by a bad user command: %v", err)
	}
}
