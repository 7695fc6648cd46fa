package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestUnknownSubcommandIsUsageError: an unknown
// subcommand, a stray argument, a bad flag or a serve --addr on every
// interface without --base-url is a usage error: exit
// status 2, and nothing is created (no data directory, no listener on
// the default address). `reeld serve FLAGS` is the explicit form of
// `reeld FLAGS`.
func TestUnknownSubcommandIsUsageError(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	for _, args := range [][]string{
		{"start", "--addr", "127.0.0.1:0", "--data", "D"},
		{"--addr", "127.0.0.1:0", "--data", "D", "extra"},
		{"serve", "--addr", "127.0.0.1:0", "--data", "D", "extra"},
		{"--no-such-flag"},
		{"--addr", "0.0.0.0:0", "--data", "D"}, // every interface, no --base-url
		{"serve", "--addr", ":0", "--data", "D"},
		{"user", "list", "--data", "D", "stray"},
		{"user", "frob", "--data", "D"},
	} {
		cmd := childCmd(args...)
		cmd.Dir = base
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 {
			t.Errorf("reeld %q: %v (want exit status 2): %s", args, err, out)
		}
		for _, d := range []string{"D", "reel-data"} {
			if _, err := os.Stat(filepath.Join(base, d)); !os.IsNotExist(err) {
				t.Fatalf("reeld %q created %s", args, d)
			}
		}
	}
	// The explicit serve subcommand takes its flags.
	dir := filepath.Join(base, "served")
	p := startReeld(t, dir, "serve")
	p.signal(syscall.SIGTERM)
	if err := p.wait(time.Minute); err != nil {
		t.Fatalf("reeld exit after SIGTERM: %v", err)
	}
	cmd := childCmd("serve", "--addr", "127.0.0.1:0", "--data", dir, "--help")
	if err := cmd.Run(); err != nil {
		t.Fatalf("reeld serve --help: %v", err)
	}
}
