package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// built is the reel binary, built once per test binary by buildReel and
// removed by TestMain.
var built struct {
	once sync.Once
	dir  string // the temporary directory holding it
	exe  string
	err  error
}

// buildReel compiles the reel binary the first time it is called (go
// build into a temporary directory) and returns its path; every test
// that runs the binary shares that one build.
func buildReel(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary; skipped in -short mode")
	}
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "reel-test-bin"); built.err != nil {
			return
		}
		built.exe = filepath.Join(built.dir, "reel")
		if runtime.GOOS == "windows" {
			built.exe += ".exe"
		}
		if out, err := exec.Command("go", "build", "-o", built.exe, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.exe
}

// TestMain removes the binary buildReel made.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// TestBinaryExitCodesAndFiles runs the built binary: exit 3 for every
// fault of the input, 2 for usage (frame --at beyond the end included),
// 1 for internal faults; -o x.mp4 writes exactly x.mp4 (and x.jpg); files
// are 0644.
func TestBinaryExitCodesAndFiles(t *testing.T) {
	t.Parallel()
	exe := buildReel(t)
	q480 := strings.Replace(tinyProject, `"quality":360`, `"quality":480`, 1)
	proj := writeProject(t, q480)
	badJSON := writeProject(t, "{\n  \"name\": \"x\",\n  \"assets\": [\n    {\"name\": \"image\", \"end_time\": \"soon\"}\n  ]\n}")
	missingPhoto := writeProject(t, strings.Replace(q480, "photos/01.jpg", "photos/nope.jpg", 1))
	corruptPhoto := writeProject(t, strings.Replace(q480, "photos/01.jpg", "music/tone22k_mono_cbr.mp3", 1))
	noMusic := writeProject(t, `{"name":"Quiet","style":"vanilla","quality":360,"assets":[
 {"name":"image","asset_id":"TESTDATA/photos/01.jpg","start_time":0,"end_time":1}]}`)
	out := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"bad JSON", []string{"render", badJSON, "-o", filepath.Join(out, "a.mp4")}, 3, "line 4:5: assets[0]: end_time"},
		{"missing photo", []string{"render", missingPhoto, "-o", filepath.Join(out, "b.mp4")}, 3, `assets[0] (image "`},
		{"corrupt photo", []string{"render", corruptPhoto, "-o", filepath.Join(out, "c.mp4")}, 3, "not a supported image"},
		{"quality reel cannot make", []string{"render", writeProject(t, strings.Replace(q480, `"quality":480`, `"quality":1000`, 1)), "-o", filepath.Join(out, "d.mp4")}, 3, "1000: reel makes"},
		{"missing output dir", []string{"render", proj, "-o", filepath.Join(out, "nodir", "e.mp4")}, 1, "nodir"},
		{"frame beyond the end", []string{"frame", proj, "--at", "99", "-o", filepath.Join(out, "f.png")}, 2, "outside"},
		{"render ok", []string{"render", proj, "-o", filepath.Join(out, "x.mp4")}, 0, ""},
		{"render without music", []string{"render", noMusic, "-o", filepath.Join(out, "quiet.mp4")}, 0, ""},
		{"frame ok", []string{"frame", proj, "--at", "2", "-o", filepath.Join(out, "x.png")}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(exe, tt.args...)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.code || !strings.Contains(stderr.String(), tt.err) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tt.code, tt.err)
			}
			if msg := stderr.String(); strings.Contains(msg, ".h264") || strings.Contains(msg, ".part") || strings.Count(msg, "engine:") > 1 {
				t.Errorf("stderr leaks internal names or doubles prefixes: %q", msg)
			}
		})
	}
	// Exactly the files asked for, 0644.
	want := []string{"quiet.jpg", "quiet.mp4", "x.jpg", "x.mp4", "x.png"}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want 0644", e.Name(), fi.Mode().Perm())
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("files %v, want %v", got, want)
	}
}
