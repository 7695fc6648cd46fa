package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reelkit/reel/internal/testlong"
)

// Topology workload: topoVideos videos spread over topoUsers users
// (topoVideos/topoUsers renders each, so every user's credits are
// charged that many times), one render each and a preview for every
// other one.
const (
	topoUsers    = 6
	topoVideos   = 60
	topoCredits  = topoVideos/topoUsers + 2 // 2 spare: a double charge shows
	topoDeadline = 5 * time.Minute          // all published, or the test fails
	// topoMinBlobs: 60 photos (+ thumbnails), 60 renditions + thumbnails,
	// 30 previews.
	topoMinBlobs = 2*topoVideos + topoVideos/2
)

// TestTopologyBaselineSQLite runs TestTopology's workload (60 renders,
// 30 previews, same receiver and checks) against the embedded default:
// one `reeld` process with no --db, SQLite and file blobs under --data,
// one render worker. Its wall time is the baseline the scale-out
// topology is compared with.
func TestTopologyBaselineSQLite(t *testing.T) {
	testlong.Require(t) // 90 jobs rendered: about 45 CPU-seconds
	probe := needProbe(t)
	e := newTopoEnv(t, probe)
	dir := t.TempDir()
	e.addUsers("--data", dir)
	p := e.startIn("reeld", dir, "127.0.0.1:0", "--app-id", topoAppID, "--app-secret", topoAppSecret,
		"--callback-url", e.cb.url(), "--max-queued", "-1")
	e.apis = []*reeldProc{p, p}
	e.login()
	res := e.runWorkload(nil)
	p.signal(syscall.SIGTERM)
	if err := p.wait(time.Minute); err != nil {
		t.Errorf("exit after SIGTERM: %v", err)
	}
	e.checkCallbacks(res)
	e.checkCredits("--data", dir)
	e.checkBlobs(sqliteReferenced(t, filepath.Join(dir, "reel.db")), fsObjects(t, filepath.Join(dir, "blobs")), topoMinBlobs)
	e.report("single process, SQLite + files (the default)", res)
}

// needProbe returns ffprobe's path or skips: it is the oracle for the
// rendered files.
func needProbe(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("ffprobe")
	if err != nil {
		t.Skip("ffprobe not installed: it is the test oracle for rendered files (apt-get install -y ffmpeg)")
	}
	return p
}

// addUsers creates the workload's users with topoCredits credits each
// through `reeld user add` with where (--db URL or --data DIR).
func (e *topoEnv) addUsers(where ...string) {
	e.t.Helper()
	for i := range topoUsers {
		name := fmt.Sprintf("user%d", i)
		var out bytes.Buffer
		args := append([]string{"user", "add", "--username", name, "--password", "pw-" + name, "--credits", fmt.Sprint(topoCredits)}, where...)
		if len(where) > 0 && where[0] == "--db" {
			args = append(args, "--data", e.t.TempDir())
		}
		if err := run(e.t.Context(), args, &out, &out); err != nil {
			e.t.Fatalf("user add: %v: %s", err, out.String())
		}
		e.users = append(e.users, name)
	}
}

// checkCredits: every user was charged exactly once per rendered video.
func (e *topoEnv) checkCredits(where ...string) {
	e.t.Helper()
	var out bytes.Buffer
	args := append([]string{"user", "list"}, where...)
	if len(where) > 0 && where[0] == "--db" {
		args = append(args, "--data", e.t.TempDir())
	}
	if err := run(e.t.Context(), args, &out, &out); err != nil {
		e.t.Fatalf("user list: %v: %s", err, out.String())
	}
	want := fmt.Sprintf("credits=%d", topoCredits-topoVideos/topoUsers)
	for _, u := range e.users {
		found := false
		for _, line := range strings.Split(out.String(), "\n") {
			if f := strings.Split(line, "\t"); len(f) == 4 && f[1] == u {
				found = true
				if f[3] != want {
					e.t.Errorf("user %s: %s after %d renders of %d credits, want %s", u, f[3], topoVideos/topoUsers, topoCredits, want)
				}
			}
		}
		if !found {
			e.t.Errorf("user %s missing from user list:\n%s", u, out.String())
		}
	}
}
