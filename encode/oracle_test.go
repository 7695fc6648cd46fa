package encode

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"
)

// needTool skips the test when an oracle binary is absent.
func needTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed: this check uses it as an independent oracle (apt-get install ffmpeg)", name)
	}
}

type probeStream struct {
	CodecType      string `json:"codec_type"`
	CodecName      string `json:"codec_name"`
	Profile        string `json:"profile"`
	PixFmt         string `json:"pix_fmt"`
	Width          int    `json:"width"`
	Height         int    `json:"height"`
	AvgFrameRate   string `json:"avg_frame_rate"`
	ColorRange     string `json:"color_range"`
	ColorSpace     string `json:"color_space"`
	ColorTransfer  string `json:"color_transfer"`
	ColorPrimaries string `json:"color_primaries"`
	SampleRate     string `json:"sample_rate"`
	Channels       int    `json:"channels"`
	Duration       string `json:"duration"`
	NbFrames       string `json:"nb_frames"`
}

type probeResult struct {
	Streams []probeStream `json:"streams"`
	Format  struct {
		Duration string `json:"duration"`
	} `json:"format"`
}

// ffprobe returns the streams and format of path; any ffprobe warning
// fails the test.
func ffprobe(t testing.TB, path string) probeResult {
	t.Helper()
	needTool(t, "ffprobe")
	var stderr bytes.Buffer
	cmd := exec.Command("ffprobe", "-v", "warning", "-of", "json", "-show_streams", "-show_format", path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ffprobe: %v: %s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("ffprobe warnings: %s", stderr.String())
	}
	var r probeResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r probeResult) stream(kind string) (probeStream, bool) {
	for _, s := range r.Streams {
		if s.CodecType == kind {
			return s, true
		}
	}
	return probeStream{}, false
}

// ffmpegDecode runs ffmpeg -v error -i path args... - and returns stdout;
// anything ffmpeg prints on stderr fails the test.
func ffmpegDecode(t testing.TB, path string, args ...string) []byte {
	t.Helper()
	needTool(t, "ffmpeg")
	var stderr bytes.Buffer
	cmd := exec.Command("ffmpeg", append([]string{"-nostdin", "-v", "error", "-i", path}, append(args, "-")...)...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ffmpeg %v: %v: %s", args, err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("ffmpeg %v printed: %s", args, stderr.String())
	}
	return out
}

// encodeClip writes frames frames of the synthetic pattern (calling mark
// after filling each frame, if not nil) to a new MP4 and returns its path.
func encodeClip(t testing.TB, v VideoOptions, audio *AACTrack, frames int, mark func(img *imageYCbCr, i int)) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out.mp4")
	w, err := Create(path, v, audio)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := range frames {
		fillSynthetic(w.Frame(), i)
		if mark != nil {
			mark(w.Frame(), i)
		}
		if err := w.WriteFrame(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}
