package bmff

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// execLookPath is exec.LookPath (a seam for the fuzz seeds).
var execLookPath = exec.LookPath

// needFFmpeg skips the test when the ffmpeg/ffprobe oracles are absent.
func needFFmpeg(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"ffmpeg", "ffprobe"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed: it generates the test clips and is the oracle", tool)
		}
	}
}

// ffmpegClip runs ffmpeg with args (output last, relative to a temp dir)
// and returns the output's path.
func ffmpegClip(t testing.TB, name string, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("ffmpeg", append(append([]string{"-v", "error", "-y"}, args...), out)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %v: %v\n%s", args, err, b)
	}
	return out
}

// probePacket is one packet as ffprobe reports it.
type probePacket struct {
	pts, dts, pos, size int64
	key                 bool
}

// ffprobePackets lists the packets of the first stream of kind ("v" or
// "a") in file order as the ffprobe oracle sees them.
func ffprobePackets(t testing.TB, path, kind string) []probePacket {
	t.Helper()
	b, err := exec.Command("ffprobe", "-v", "error", "-select_streams", kind+":0", "-show_entries",
		"packet=pts,dts,pos,size,flags", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var out []probePacket
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, ",")
		if len(f) < 5 {
			t.Fatalf("ffprobe line %q", line)
		}
		n := func(s string) int64 {
			v, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				t.Fatalf("ffprobe field %q in %q", s, line)
			}
			return v
		}
		out = append(out, probePacket{pts: n(f[0]), dts: n(f[1]), size: n(f[2]), pos: n(f[3]), key: strings.HasPrefix(f[4], "K")})
	}
	return out
}

// openFile opens path with Open and default limits.
func openFile(t testing.TB, path string) (*File, *os.File) {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fh.Close() })
	st, _ := fh.Stat()
	f, err := Open(fh, st.Size(), Limits{})
	if err != nil {
		t.Fatalf("Open(%s): %v", filepath.Base(path), err)
	}
	return f, fh
}
