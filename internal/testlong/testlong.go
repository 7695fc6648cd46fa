// Package testlong is the one switch for reel's long tests: end-to-end
// runs through several processes, deployment topologies (PostgreSQL,
// versitygw, many reeld processes), stress and memory-ceiling tests, and
// anything else that costs more than a few CPU-seconds without guarding
// a property the quick tests do not.
//
// A contributor's plain `go test ./...` skips them, each with the message
// "long end-to-end test: set REEL_TEST_LONG=1 (CI does)". CI (.ci/run)
// runs everything:
//
//	REEL_TEST_LONG=1 go test ./...
//
// A long test calls Require first:
//
//	func TestTopology(t *testing.T) {
//		testlong.Require(t)
//		...
//	}
//
// -short wins: under `go test -short` long tests skip even when
// REEL_TEST_LONG is set. A value of REEL_TEST_LONG that is not a boolean
// (strconv.ParseBool: 1, t, true, 0, f, false, ...) fails the test instead
// of skipping it, so a typo in CI cannot silently turn the long tests off.
package testlong

import (
	"os"
	"strconv"
	"testing"
)

// Env is the environment variable that opts in to the long tests.
const Env = "REEL_TEST_LONG"

// Enabled reports whether long tests run: Env holds a true value and the
// test binary is not in -short mode. A malformed value is reported by
// Require, and counts as false here.
func Enabled() bool {
	on, err := parse()
	return err == nil && on && !testing.Short()
}

// Require skips tb unless long tests are enabled (see the package
// documentation); it fails tb when Env holds something that is not a
// boolean. Call it before any expensive set-up.
func Require(tb testing.TB) {
	tb.Helper()
	on, err := parse()
	switch {
	case err != nil:
		tb.Fatalf("%s=%q: %v (want 1 or 0)", Env, os.Getenv(Env), err)
	case testing.Short():
		tb.Skip("long end-to-end test: skipped in -short mode")
	case !on:
		tb.Skip("long end-to-end test: set " + Env + "=1 (CI does)")
	}
}

// parse reads Env: unset or empty is false.
func parse() (bool, error) {
	v := os.Getenv(Env)
	if v == "" {
		return false, nil
	}
	return strconv.ParseBool(v)
}
