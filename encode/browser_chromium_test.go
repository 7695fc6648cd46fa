//go:build linux

package encode

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// chromiumPath is where Debian's chromium package installs the browser
// (CI: apt-get install -y chromium).
const chromiumPath = "/usr/bin/chromium"

// chromiumTimeout bounds one headless run, so a stuck browser fails the
// test instead of hanging it.
const chromiumTimeout = 60 * time.Second

// needChromium skips the test when the browser is not installed.
func needChromium(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("%s not installed (apt-get install -y chromium): %v", chromiumPath, err)
	}
}

// chromiumReport opens url in headless Chromium and waits for the page to
// deliver its result on reports (the test's HTTP server forwards what the
// page POSTs). The browser and every process it started are killed once
// the result arrives, when the browser exits first, or after
// chromiumTimeout, so the test never hangs.
//
// Real time, not --virtual-time-budget with --dump-dom: virtual time does
// not drive the media clock, so a playing video never advances there.
func chromiumReport(ctx context.Context, t testing.TB, url string, reports <-chan []byte) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, chromiumTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromiumPath,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking",
		"--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(),
		"--autoplay-policy=no-user-gesture-required",
		url)
	// Chromium forks renderer, GPU and utility processes: run it in its
	// own process group and kill the whole group when done.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	var report []byte
	var failure string
	waited := false
	select {
	case report = <-reports:
	case err := <-exited:
		waited = true
		failure = "chromium exited before the page reported: " + errString(err)
	case <-ctx.Done():
		failure = "no report from the page within " + chromiumTimeout.String()
	}
	cancel() // kills the process group
	if !waited {
		<-exited
	}
	if failure != "" {
		t.Fatalf("%s\nstderr tail:\n%s", failure, tail(stderr.Bytes(), 2000))
	}
	return report
}

func errString(err error) string {
	if err == nil {
		return "exit status 0"
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.String()
	}
	return err.Error()
}

// tail returns at most the last n bytes of b.
func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
