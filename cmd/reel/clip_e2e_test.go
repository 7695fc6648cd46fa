package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reelkit/reel/compose/clip"
)

// needClipTools skips without ffmpeg (generator and decoder of the
// output) or without the clip's decoder library.
func needClipTools(t *testing.T, codec string) {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg not installed (apt-get install ffmpeg)")
	}
	for _, d := range clip.Decoders() {
		if d.Codec == codec && !d.Available {
			t.Skipf("%s decoder not available: %s", codec, d.Err)
		}
	}
}

// rgbFrames decodes path with ffmpeg at fps frames per second into rgb24
// frames of w x h.
func rgbFrames(t *testing.T, path string, fps, w, h int) [][]byte {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-vf", fmt.Sprintf("fps=%d,scale=%d:%d", fps, w, h),
		"-f", "rawvideo", "-pix_fmt", "rgb24", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg decode %s: %v", path, err)
	}
	var frames [][]byte
	for n := w * h * 3; len(out) >= n; out = out[n:] {
		frames = append(frames, out[:n])
	}
	return frames
}

// rgbAt returns the pixel at (x, y) of an rgb24 frame w wide.
func rgbAt(f []byte, w, x, y int) [3]int {
	o := (y*w + x) * 3
	return [3]int{int(f[o]), int(f[o+1]), int(f[o+2])}
}

func near(a, b [3]int, tol int) bool {
	for i := range a {
		if d := a[i] - b[i]; d > tol || d < -tol {
			return false
		}
	}
	return true
}

// TestRenderHLGClipMatchesFFmpegToneMapping renders, with reel render, a
// project holding a 10-bit HLG HEVC clip (75 % colour bars made from
// SDR by ffmpeg's zscale, the colour description only in x265's VUI,
// AAC sound): the rendered video, decoded by ffmpeg, must show the bars
// as ffmpeg's own tone mapping does (HDR detected from the VUI and
// tone-mapped, not washed out).
func TestRenderHLGClipMatchesFFmpegToneMapping(t *testing.T) {
	needClipTools(t, "hevc")
	if !hasFFmpegFilter("zscale") || !hasFFmpegFilter("tonemap") {
		t.Skip("ffmpeg has no zscale or tonemap filter: cannot make an HLG clip and its reference")
	}
	dir := clipDir(t, "hlg.mp4", "-f", "lavfi", "-i", "smptebars=size=320x180:rate=25:duration=3",
		"-f", "lavfi", "-i", "sine=f=440:duration=3",
		"-vf", "zscale=tin=709:min=709:pin=709:t=arib-std-b67:m=2020_ncl:p=2020:npl=203,format=yuv420p10le",
		"-c:v", "libx265", "-tag:v", "hvc1", "-x265-params", "log-level=error:colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc",
		"-c:a", "aac", "-shortest",
		"-color_trc", "unknown", "-color_primaries", "unknown", "-colorspace", "unknown") // no colr box: the colour is in the VUI only
	if b, err := os.ReadFile(filepath.Join(dir, "clips", "hlg.mp4")); err != nil || bytes.Contains(b, []byte("colr")) {
		t.Fatalf("the clip must have no colr box (%v)", err)
	}
	out := filepath.Join(dir, "v.mp4")
	if code, _, stderr := runCLI("render", filepath.Join(dir, "project.json"), "-o", out, "--renditions", "360"); code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	const w, h = 320, 180
	// The reference: ffmpeg's decode of the clip to display light (1.0 =
	// HDR reference white), clipped to SDR and encoded as BT.709. Bars
	// of 75 % stay under the tone curve's knee, so reel must match it.
	// (The SDR bars the clip was made from come back a little different
	// through zscale's HLG round trip: green 160 rather than 188.)
	ref, err := exec.Command("ffmpeg", "-v", "error", "-i", filepath.Join(dir, "clips", "hlg.mp4"), "-frames:v", "1", "-vf",
		"zscale=t=linear:npl=203,format=gbrpf32le,zscale=p=bt709,tonemap=clip,zscale=t=bt709:m=bt709:r=tv,format=yuv420p",
		"-f", "rawvideo", "-pix_fmt", "rgb24", "-").Output()
	if err != nil || len(ref) < w*h*3 {
		t.Fatalf("ffmpeg tone mapping: %v", err)
	}
	var bars [7][3]int
	for i := range bars {
		bars[i] = rgbAt(ref, w, int((float64(i)+0.5)*w/7), h/4)
	}
	matched := 0
	for k, f := range rgbFrames(t, out, 5, w, h) {
		ok := true
		var got [7][3]int
		for i, want := range bars {
			got[i] = rgbAt(f, w, int((float64(i)+0.5)*w/7), h/4)
			if !near(got[i], want, 12) {
				ok = false
			}
		}
		if got[0] != got[6] && k%4 == 0 { // not the title card
			t.Logf("frame %d: %v (ffmpeg %v)", k, got, bars)
		}
		if ok {
			matched++
		}
	}
	// The trimmed clip plays 2 s: 10 frames at 5 fps, less the
	// transitions' blends.
	t.Logf("%d frames show the bars", matched)
	if matched < 5 {
		t.Errorf("%d rendered frames show the colour bars as ffmpeg tone-maps them (within 12/255), want >= 5", matched)
	}
}

// TestRenderAnimatedWebPClipPlaysItsFrames renders a project holding an
// animated WebP of a red, a green and a blue second: the video shows red,
// then green for a second, then blue.
func TestRenderAnimatedWebPClipPlaysItsFrames(t *testing.T) {
	needClipTools(t, "webp")
	dir := clipDir(t, "rgb.webp", "-f", "lavfi", "-i",
		"color=c=red:s=160x90:r=10:d=1[r];color=c=lime:s=160x90:r=10:d=1[g];color=c=blue:s=160x90:r=10:d=1[b];[r][g][b]concat=n=3",
		"-c:v", "libwebp_anim", "-lossless", "1", "-loop", "0")
	proj := filepath.Join(dir, "project.json")
	if err := os.WriteFile(proj, []byte(`{"name":"WebP","style":"vanilla","quality":360,"assets":[
 {"name":"video","asset_id":"clips/rgb.webp","start_time":0,"end_time":0,"data":{"text":""}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "v.mp4")
	if code, _, stderr := runCLI("render", proj, "-o", out, "--renditions", "360"); code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	const w, h = 160, 90
	colours := map[string][3]int{"red": {255, 0, 0}, "green": {0, 255, 0}, "blue": {0, 0, 255}}
	var seq []string
	counts := map[string]int{}
	for _, f := range rgbFrames(t, out, 10, w, h) {
		c := rgbAt(f, w, w/2, h/4)
		for name, want := range colours {
			if near(c, want, 40) {
				counts[name]++
				if len(seq) == 0 || seq[len(seq)-1] != name {
					seq = append(seq, name)
				}
			}
		}
	}
	// The transition into the clip (a soft wipe in this style) covers
	// most of the red second at the sampled point; green must last its
	// second exactly (10 frames at 10 fps), blue until the end.
	t.Logf("colours %v, frames at 10 fps %v", seq, counts)
	if fmt.Sprint(seq) != "[red green blue]" || counts["green"] < 9 || counts["green"] > 11 || counts["blue"] < 8 {
		t.Errorf("rendered clip shows %v (frames at 10 fps: %v), want red, then green for 1 s, then blue", seq, counts)
	}
}

func hasFFmpegFilter(name string) bool {
	out, err := exec.Command("ffmpeg", "-hide_banner", "-filters").Output()
	if err != nil {
		return false
	}
	return containsWord(string(out), name)
}

func containsWord(s, w string) bool {
	for _, f := range strings.Fields(s) {
		if f == w {
			return true
		}
	}
	return false
}
