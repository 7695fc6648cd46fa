package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestWorkerUsageErrors: a `reeld worker` (or `reeld serve --workers 0`)
// command line that cannot work is a usage error (exit status 2) that
// names what is missing and creates nothing.
func TestWorkerUsageErrors(t *testing.T) {
	t.Parallel()
	const pg, s3 = "postgres://reel@db.invalid/reel", "s3://b?endpoint=http://127.0.0.1:1"
	for _, tc := range []struct {
		args []string
		want string // in the message
	}{
		{[]string{"worker"}, "needs --db postgres://"},
		{[]string{"worker", "--blobs", s3}, "PostgreSQL"},
		{[]string{"worker", "--db", "mysql://root:hunter2@db/x", "--blobs", s3}, "--db"},
		{[]string{"worker", "--db", pg}, "needs --blobs s3://"},
		{[]string{"worker", "--db", pg, "--blobs", "gs://bucket"}, "--blobs"},
		{[]string{"worker", "--db", pg, "--blobs", s3, "--workers", "0"}, "at least 1"},
		{[]string{"worker", "--db", pg, "--blobs", s3, "--workers", "-2"}, "negative"},
		{[]string{"worker", "--db", pg, "--blobs", s3, "--memory-budget-mb", "0"}, "--memory-budget-mb"},
		{[]string{"worker", "--db", pg, "--blobs", s3, "--app-id", "a"}, "--app-secret"},
		{[]string{"worker", "--db", pg, "--blobs", s3, "--callback-url", "http://cb.invalid/"}, "--app-id"},
		{[]string{"worker", "--db", pg, "--blobs", s3, "--app-id", "a", "--app-secret", "s", "--callback-url", "http://cb.invalid/"}, "--base-url"},
		{[]string{"worker", "--db", pg, "--blobs", s3, "--rate-limit", "5"}, "not defined"}, // an API flag
		{[]string{"worker", "--db", pg, "--blobs", s3, "stray"}, "unexpected argument"},
		{[]string{"serve", "--workers", "0"}, "needs --db"},
		{[]string{"serve", "--workers", "0", "--db", pg}, "needs --blobs s3://"},
		{[]string{"--workers", "0"}, "needs --db"},
		{[]string{"serve", "--workers", "-1"}, "negative"},
		{[]string{"worker", "--db", pg, "--blobs", s3, "--split-max", "1"}, "--split-max"},
		{[]string{"worker", "--db", pg, "--blobs", s3, "--split-above", "-1s"}, "--split-above"},
		{[]string{"serve", "--split-above", "ninety"}, "split-above"},
	} {
		data := filepath.Join(t.TempDir(), "data")
		args := append([]string{tc.args[0], "--addr", "127.0.0.1:0", "--data", data}, tc.args[1:]...)
		if strings.HasPrefix(tc.args[0], "-") {
			args = append([]string{"--addr", "127.0.0.1:0", "--data", data}, tc.args...)
		}
		var out bytes.Buffer
		err := run(t.Context(), args, &out, &out)
		if code := exitCode(err, io.Discard); code != 2 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("reeld %q: exit %d, err %v; want exit 2 and %q", tc.args, code, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("reeld %q: the error shows the password: %v", tc.args, err)
		}
		if _, err := os.Stat(data); !os.IsNotExist(err) {
			t.Errorf("reeld %q: data directory created (%v)", tc.args, err)
		}
	}
	// The real process exits with status 2 too, and --help with 0.
	cmd := childCmd("worker", "--addr", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "d"))
	var ee *exec.ExitError
	if out, err := cmd.CombinedOutput(); !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(string(out), "needs --db") {
		t.Errorf("reeld worker without --db: %v: %s", err, out)
	}
	out, err := childCmd("worker", "--help").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "-blobs") || strings.Contains(string(out), "-rate-limit") {
		t.Errorf("reeld worker --help: %v: %s", err, out)
	}
}

// loginApp logs user in on the API at base through app appID.
func loginApp(t *testing.T, base, appID, user, password string) *apiClient {
	t.Helper()
	res, err := http.PostForm(base+"/login", url.Values{"username": {user}, "password": {password}, "app_id": {appID}})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var lr struct {
		Key   string `json:"access_key"`
		Token string `json:"access_token"`
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &lr) != nil || lr.Key == "" {
		t.Fatalf("login %s at %s: %d %s", user, base, res.StatusCode, body)
	}
	return &apiClient{t: t, base: base, key: lr.Key, token: lr.Token}
}

// metric reads one sample (name with its labels, exactly as exposed)
// from base's /metrics; a missing sample fails the test.
func metric(t *testing.T, base, sample string) float64 {
	t.Helper()
	v, ok, err := readMetric(context.Background(), base, sample)
	if err != nil || !ok {
		t.Fatalf("metric %s at %s: found %v, %v", sample, base, ok, err)
	}
	return v
}
