// Package testpg starts a throwaway PostgreSQL server for tests: a fresh
// cluster (initdb) in a temporary directory, listening only on a unix
// socket in that directory, stopped and removed when the test ends.
//
// It uses the machine's PostgreSQL binaries (Debian's postgresql package:
// /usr/lib/postgresql/<major>/bin, or the directory in $REEL_PG_BIN) and
// skips the test, saying why, only when they are absent. PostgreSQL
// refuses to run as root, so under root the server runs as the
// "postgres" system user (runuser), which owns the cluster directory.
package testpg

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is one running throwaway PostgreSQL cluster.
type Server struct {
	dir   string // socket directory and parent of the data directory
	bin   string
	runAs string // system user the server runs as ("" = this process's user)
	port  int
}

// binDir finds the directory holding initdb and pg_ctl, or "".
func binDir() string {
	if d := os.Getenv("REEL_PG_BIN"); d != "" {
		return d
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { // newest major first
		mi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		mj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return mi > mj
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	return ""
}

// Start initialises and starts a cluster for the test; it is stopped and
// deleted by tb.Cleanup. The test is skipped only when no PostgreSQL
// binaries are installed.
func Start(tb testing.TB) *Server {
	tb.Helper()
	bin := binDir()
	if bin == "" {
		tb.Skip("testpg: PostgreSQL binaries not found (/usr/lib/postgresql/*/bin or $REEL_PG_BIN); install Debian's postgresql package")
	}
	dir, err := os.MkdirTemp("", "testpg")
	if err != nil {
		tb.Fatalf("testpg: %v", err)
	}
	s := &Server{dir: dir, bin: bin, port: 5432}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			tb.Fatalf("testpg: running as root needs the postgres system user to run the server: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			tb.Fatalf("testpg: %v", err)
		}
		s.runAs = "postgres"
	}
	data := filepath.Join(dir, "data")
	if out, err := s.command("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync").CombinedOutput(); err != nil {
		tb.Fatalf("testpg: initdb: %v\n%s", err, out)
	}
	opts := fmt.Sprintf("-k %s -c listen_addresses='' -p %d -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", dir, s.port)
	logFile := filepath.Join(dir, "server.log")
	if out, err := s.command("pg_ctl", "-D", data, "-o", opts, "-l", logFile, "-w", "-t", "120", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(logFile)
		tb.Fatalf("testpg: pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	tb.Cleanup(func() {
		if out, err := s.command("pg_ctl", "-D", data, "-m", "fast", "-w", "-t", "60", "stop").CombinedOutput(); err != nil {
			tb.Errorf("testpg: pg_ctl stop: %v\n%s", err, out)
		}
	})
	return s
}

func (s *Server) command(name string, args ...string) *exec.Cmd {
	path := filepath.Join(s.bin, name)
	if s.runAs != "" {
		return exec.Command("runuser", append([]string{"-u", s.runAs, "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

// URL is the connection string of database db on this server, as the
// superuser "postgres" over the unix socket.
func (s *Server) URL(db string) string {
	q := url.Values{}
	q.Set("host", s.dir)
	q.Set("port", strconv.Itoa(s.port))
	q.Set("user", "postgres")
	q.Set("sslmode", "disable")
	return "postgres:///" + url.PathEscape(db) + "?" + q.Encode()
}

// NewDatabase creates an empty database with a random name and returns
// its connection string.
func (s *Server) NewDatabase(tb testing.TB) string {
	tb.Helper()
	var b [6]byte
	rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.URL("postgres"))
	if err != nil {
		tb.Fatalf("testpg: connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("testpg: create database: %v", err)
	}
	return s.URL(name)
}
