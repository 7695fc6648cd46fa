// Package cliptest holds the test oracles of the clip decoders: it makes
// clips with ffmpeg, reads their compressed samples and decoder
// configuration with ffprobe, decodes reference frames with ffmpeg and
// compares pictures. It is imported by tests only; every helper skips
// the test when ffmpeg or ffprobe is not installed.
package cliptest

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"math"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Need skips t unless ffmpeg and ffprobe are on the PATH.
func Need(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"ffmpeg", "ffprobe"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian package ffmpeg): the decoder tests use it as their oracle", tool)
		}
	}
}

// HasEncoder reports whether ffmpeg offers the named encoder.
func HasEncoder(t testing.TB, name string) bool {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-hide_banner", "-encoders").Output()
	return err == nil && bytes.Contains(out, []byte(" "+name+" "))
}

// Make runs ffmpeg with args (input and codec options, without the
// output) writing the file name in a temporary directory and returns its
// path.
func Make(t testing.TB, name string, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("ffmpeg", append(append([]string{"-hide_banner", "-loglevel", "error", "-y"}, args...), out)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	return out
}

// Packet is one compressed sample as the container stores it.
type Packet struct {
	Data []byte
	PTS  int64
	Key  bool
}

// Packets returns the first video stream's decoder configuration
// (extradata: the avcC or hvcC body for MP4) and its samples in decode
// order.
func Packets(t testing.TB, path string) (config []byte, pkts []Packet) {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0",
		"-show_entries", "stream=extradata:packet=pts,flags,data", "-show_data", "-of", "json", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var doc struct {
		Streams []struct {
			Extradata string `json:"extradata"`
		} `json:"streams"`
		Packets []struct {
			PTS   int64  `json:"pts"`
			Flags string `json:"flags"`
			Data  string `json:"data"`
		} `json:"packets"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("ffprobe output: %v", err)
	}
	if len(doc.Streams) > 0 {
		config = unhexdump(t, doc.Streams[0].Extradata)
	}
	for _, p := range doc.Packets {
		pkts = append(pkts, Packet{Data: unhexdump(t, p.Data), PTS: p.PTS, Key: strings.HasPrefix(p.Flags, "K")})
	}
	return config, pkts
}

// unhexdump reads ffprobe's hex dump ("00000000: 0000 02ae 0605 ...  text").
func unhexdump(t testing.TB, s string) []byte {
	t.Helper()
	var out []byte
	for _, line := range strings.Split(s, "\n") {
		i := strings.Index(line, ": ")
		if i < 0 {
			continue
		}
		hexPart := line[i+2:]
		if len(hexPart) > 40 {
			hexPart = hexPart[:40]
		}
		b, err := hex.DecodeString(strings.ReplaceAll(strings.TrimSpace(hexPart), " ", ""))
		if err != nil {
			t.Fatalf("hex dump line %q: %v", line, err)
		}
		out = append(out, b...)
	}
	return out
}

// Frames decodes path with ffmpeg into raw frames of pixFmt ("yuv420p",
// "yuv420p10le") in display order, each frameSize bytes long.
func Frames(t testing.TB, path, pixFmt string, frameSize int) [][]byte {
	t.Helper()
	return FramesFiltered(t, path, "null", pixFmt, frameSize)
}

// FramesFiltered is Frames with the ffmpeg video filter vf applied (e.g.
// "scale=160:90:flags=area").
func FramesFiltered(t testing.TB, path, vf, pixFmt string, frameSize int) [][]byte {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-threads", "1", "-i", path,
		"-fps_mode", "passthrough", "-vf", vf, "-f", "rawvideo", "-pix_fmt", pixFmt, "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg decode %s: %v", path, err)
	}
	if len(out)%frameSize != 0 {
		t.Fatalf("ffmpeg gave %d bytes, not a multiple of the %d-byte frame", len(out), frameSize)
	}
	var frames [][]byte
	for len(out) > 0 {
		frames = append(frames, out[:frameSize])
		out = out[frameSize:]
	}
	return frames
}

// PSNR returns the peak signal-to-noise ratio in dB of b against a, two
// sample arrays with the given peak value (255 or 1023); +Inf when equal.
func PSNR[S ~[]E, E uint8 | uint16](a, b S, peak float64) float64 {
	if len(a) != len(b) || len(a) == 0 {
		return math.NaN()
	}
	var se float64
	for i := range a {
		d := float64(a[i]) - float64(b[i])
		se += d * d
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(peak*peak*float64(len(a))/se)
}
