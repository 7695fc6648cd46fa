package testlong

import (
	"fmt"
	"strings"
	"testing"
)

// recorder is a testing.TB that records Skip and Fatalf instead of
// stopping the goroutine.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Skip(args ...any)             { r.skipped = fmt.Sprint(args...) }
func (r *recorder) Fatalf(f string, args ...any) { r.failed = fmt.Sprintf(f, args...) }

func TestRequire(t *testing.T) {
	for _, tc := range []struct {
		value, skip, fail string
		enabled           bool
	}{
		{value: "", skip: "set REEL_TEST_LONG=1 (CI does)"},
		{value: "0", skip: "set REEL_TEST_LONG=1"},
		{value: "false", skip: "set REEL_TEST_LONG=1"},
		{value: "1", enabled: true},
		{value: "true", enabled: true},
		{value: "yes", fail: `REEL_TEST_LONG="yes"`},
	} {
		t.Run(tc.value, func(t *testing.T) {
			t.Setenv(Env, tc.value)
			r := &recorder{TB: t}
			Require(r)
			if testing.Short() { // go test -short: every long test skips
				if r.failed == "" && !strings.Contains(r.skipped, "-short") {
					t.Errorf("-short: skipped %q, failed %q", r.skipped, r.failed)
				}
				return
			}
			if !strings.Contains(r.skipped, tc.skip) || (tc.skip == "") != (r.skipped == "") {
				t.Errorf("skipped %q, want %q", r.skipped, tc.skip)
			}
			if !strings.Contains(r.failed, tc.fail) || (tc.fail == "") != (r.failed == "") {
				t.Errorf("failed %q, want %q", r.failed, tc.fail)
			}
			if Enabled() != tc.enabled {
				t.Errorf("Enabled() = %v, want %v", Enabled(), tc.enabled)
			}
		})
	}
}
