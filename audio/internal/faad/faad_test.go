package faad

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

func mustLoad(t testing.TB) *Lib {
	t.Helper()
	l, err := Load()
	if err != nil {
		t.Skipf("libfaad2 not usable here: %v", err)
	}
	return l
}

// ffmpeg runs the test oracle with stdin as its standard input.
func ffmpeg(t testing.TB, stdin []byte, args ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg (test oracle) not installed")
	}
	var out, stderr bytes.Buffer
	cmd := exec.Command("ffmpeg", append([]string{"-hide_banner", "-loglevel", "error", "-nostdin"}, args...)...)
	if stdin != nil {
		cmd = exec.Command("ffmpeg", append([]string{"-hide_banner", "-loglevel", "error"}, args...)...)
		cmd.Stdin = bytes.NewReader(stdin)
	}
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ffmpeg %v: %v\n%s", args, err, stderr.String())
	}
	return out.Bytes()
}
func f32le(b []byte) []float32 {
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

func TestLoadChecksTheLibrary(t *testing.T) {
	l := mustLoad(t)
	if err := checkVersion(l.Version()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(l.Path(), "libfaad") {
		t.Errorf("Path() = %q, want the libfaad file", l.Path())
	}
	l2, _ := Load()
	if l2 != l {
		t.Error("Load returned a second library")
	}
}

func TestVersionCheck(t *testing.T) {
	for v, ok := range map[string]bool{"2.10.1": true, "2.11.2": true, "2.8.8": true, "2.7": false, "3.0.0": false, "unknown": false, "": false} {
		if err := checkVersion(v); (err == nil) != ok {
			t.Errorf("checkVersion(%q) = %v, want ok=%v", v, err, ok)
		}
	}
}

func TestMissingErrorNamesTheDebianPackage(t *testing.T) {
	err := error(&MissingError{Err: errors.New("libfaad.so.2: cannot open shared object file")})
	if !errors.Is(err, ErrMissing) {
		t.Error("MissingError does not match ErrMissing")
	}
	for _, want := range []string{"libfaad.so.2", "install the Debian package libfaad2", "cannot open"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
}

// decodeADTS decodes a whole ADTS stream with libfaad2.
func decodeADTS(t *testing.T, l *Lib, b []byte) (pcm []float32, rate, channels, silentFrames int) {
	t.Helper()
	s, err := SplitADTS(b)
	if err != nil {
		t.Fatal(err)
	}
	d, err := l.NewDecoder(s.ASC)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, f := range s.Frames {
		out, err := d.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(out) == 0 {
			silentFrames++
		}
		pcm = append(pcm, out...)
	}
	return pcm, d.SampleRate(), d.Channels(), silentFrames
}

// TestDecodeMatchesFFmpeg decodes ffmpeg-encoded AAC-LC and compares it
// with ffmpeg's own decode of the same stream: the same samples, exactly
// one frame later (faad2 withholds the first frame's output).
func TestDecodeMatchesFFmpeg(t *testing.T) {
	l := mustLoad(t)
	for _, c := range []struct {
		name     string
		rate, ch int
	}{{"44k-stereo", 44100, 2}, {"48k-mono", 48000, 1}, {"22k-stereo", 22050, 2}} {
		t.Run(c.name, func(t *testing.T) {
			src := fmt.Sprintf("aevalsrc=0.4*sin(2*PI*(300+400*t)*t)|0.3*sin(2*PI*523*t)*(0.6+0.4*sin(2*PI*3*t)):s=%d:d=1.5", c.rate)
			aac := ffmpeg(t, nil, "-f", "lavfi", "-i", src, "-ac", strconv.Itoa(c.ch), "-c:a", "aac", "-b:a", "128k", "-f", "adts", "-")
			ref := f32le(ffmpeg(t, aac, "-f", "aac", "-i", "-", "-f", "f32le", "-"))
			got, rate, ch, silent := decodeADTS(t, l, aac)
			// faad2 built with parametric stereo support outputs mono as
			// two identical channels.
			if rate != c.rate || ch != 2 {
				t.Fatalf("decoded %d Hz %d channels, want %d Hz stereo", rate, ch, c.rate)
			}
			if silent != 1 {
				t.Errorf("%d frames gave no output, want the first only", silent)
			}
			if c.ch == 1 {
				mono := make([]float32, len(got)/2)
				for i := range mono {
					if got[2*i] != got[2*i+1] {
						t.Fatalf("mono decoded to different channels at frame %d", i)
					}
					mono[i] = got[2*i]
				}
				got = mono
			}
			lag := 1024 * c.ch
			if len(ref) != len(got)+lag {
				t.Fatalf("ffmpeg decoded %d samples, faad %d (want ffmpeg's minus one frame)", len(ref), len(got))
			}
			// The decoders agree within 5e-4 (-66 dB) in steady state; their
			// first and last two frames differ by a few 1e-3 (start-up
			// window and end-of-stream handling).
			var maxErr, edgeErr, peak float64
			edge := 1024 * c.ch
			for i, v := range got {
				e := math.Abs(float64(v - ref[i+lag]))
				if i < edge || i >= len(got)-2*edge {
					edgeErr = max(edgeErr, e)
				} else {
					maxErr = max(maxErr, e)
				}
				peak = max(peak, math.Abs(float64(v)))
			}
			t.Logf("%d samples, peak %.3f, max abs error against ffmpeg %.2g (first/last frames %.2g)", len(got), peak, maxErr, edgeErr)
			if peak < 0.2 || maxErr > 5e-4 || edgeErr > 0.02 {
				t.Errorf("peak %.3f, max abs error %.3g (edges %.3g) against ffmpeg's decode", peak, maxErr, edgeErr)
			}
		})
	}
}
