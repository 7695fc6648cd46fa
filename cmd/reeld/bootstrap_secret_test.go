package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBootstrapSecretWrittenOnce: the bootstrap app's
// secret is written once to DATA/bootstrap-app.json (mode 0600) and never
// printed: every start names the file instead, and the file is not
// rewritten.
func TestBootstrapSecretWrittenOnce(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	first := startOutput(t, dir)
	path := filepath.Join(dir, "bootstrap-app.json")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("bootstrap file mode %v, want 0600", info.Mode().Perm())
	}
	raw, _ := os.ReadFile(path)
	var b bootstrap
	if err := json.Unmarshal(raw, &b); err != nil || len(b.AppSecret) < 32 {
		t.Fatalf("bootstrap file %s: %v", raw, err)
	}
	if strings.Contains(first, b.AppSecret) || !strings.Contains(first, path) || !strings.Contains(first, b.AppID) {
		t.Fatalf("first start printed the secret, or did not name the app and its file: %q", first)
	}
	for range 2 {
		later := startOutput(t, dir)
		if strings.Contains(later, b.AppSecret) || !strings.Contains(later, path) {
			t.Fatalf("later start printed the secret or did not name the file: %q", later)
		}
	}
	if again, _ := os.ReadFile(path); string(again) != string(raw) {
		t.Fatal("bootstrap file rewritten on a later start")
	}
}

// startOutput starts reeld on dir, collects its standard output until it
// listens, then stops it.
func startOutput(t *testing.T, dir string) string {
	t.Helper()
	cmd := childCmd("--addr", "127.0.0.1:0", "--data", dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		out.WriteString(sc.Text() + "\n")
		if strings.HasPrefix(sc.Text(), "reeld: listening on ") {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	go io.Copy(io.Discard, stdout)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("reeld exit: %v\n%s", err, out.String())
		}
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("reeld did not stop")
	}
	return out.String()
}
