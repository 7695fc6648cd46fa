package engine

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/reelkit/reel/styles"
)

// TestRenderLoudnessEveryStyle renders a preview of every built-in style
// (two text slides over music: demo.mp3 trimmed, and the 8 s chords track
// looped behind it in half the styles) and reads the MP4's AAC track with
// ffmpeg's ebur128 (peak=true), an independent BS.1770-4 meter: integrated
// loudness -16 LUFS +/- 0.5 and true peak <= -1.0 dBTP after AAC encoding.
func TestRenderLoudnessEveryStyle(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	re := regexp.MustCompile(`(?s)Integrated loudness:\s+I:\s+(-?[0-9.]+) LUFS.*True peak:\s+Peak:\s+(-?[0-9.]+) dBFS`)
	for i, st := range styles.Builtin().List() {
		name := st.MachineName
		t.Run(name, func(t *testing.T) {
			music := "music/demo.mp3"
			if i%2 == 1 {
				music = "music/chords48k_stereo_vbr.mp3"
			}
			p := &Project{
				Name: "Loudness", Style: name,
				Assets: []Asset{
					{Kind: KindText, Data: AssetData{Title: "One", Text: "first"}},
					{Kind: KindText, Data: AssetData{Title: "Two", Text: "second"}, End: 12 * time.Second},
					{Kind: KindMusic, AssetID: music},
				},
			}
			out := filepath.Join(t.TempDir(), "l.mp4")
			render(t, p, Options{Output: ToFile(out), Preview: true, Styles: styles.Builtin()})
			b, err := exec.Command("ffmpeg", "-hide_banner", "-nostats", "-i", out, "-map", "0:a",
				"-af", "ebur128=peak=true", "-f", "null", "-").CombinedOutput()
			if err != nil {
				t.Fatalf("ffmpeg: %v\n%s", err, b)
			}
			m := re.FindSubmatch(b)
			if m == nil {
				t.Fatalf("no loudness summary in ffmpeg output:\n%s", b)
			}
			lufs, _ := strconv.ParseFloat(string(m[1]), 64)
			tp, _ := strconv.ParseFloat(string(m[2]), 64)
			t.Logf("%s (%s): %.1f LUFS, true peak %.1f dBTP", name, music, lufs, tp)
			if lufs < -16.5 || lufs > -15.5 {
				t.Errorf("integrated loudness %.1f LUFS, want -16 +/- 0.5", lufs)
			}
			if tp > -1.0 {
				t.Errorf("true peak %.1f dBTP, want <= -1.0", tp)
			}
		})
	}
}
