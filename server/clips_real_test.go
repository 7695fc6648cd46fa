package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reelkit/reel/internal/bmff"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
)

// needFFmpeg returns the ffmpeg binary, the generator of the test clips,
// or skips the test.
func needFFmpeg(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("ffmpeg")
	if err != nil {
		t.Skip("ffmpeg not installed: it makes the test clips (apt-get install -y ffmpeg)")
	}
	return p
}

// makeClip runs ffmpeg with args (its output is the file name last) in a
// temporary directory and returns the file's bytes.
func makeClip(t *testing.T, bin, name string, args ...string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	cmd := exec.Command(bin, append(append([]string{"-hide_banner", "-loglevel", "error", "-y"}, args...), out)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %v: %v: %s", args, err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// join concatenates argument lists.
func join(lists ...[]string) []string {
	var all []string
	for _, l := range lists {
		all = append(all, l...)
	}
	return all
}

// writeTemp writes b to a file in a temporary directory and returns its
// path.
func writeTemp(t *testing.T, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "in.mp4")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// ffmpegFirstFrame decodes the first frame of a clip with ffmpeg, as RGB.
func ffmpegFirstFrame(t *testing.T, bin string, clip []byte, w, h int) *image.RGBA {
	t.Helper()
	in := filepath.Join(t.TempDir(), "in")
	if err := os.WriteFile(in, clip, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-hide_banner", "-loglevel", "error", "-i", in, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", "-")
	out, err := cmd.Output()
	if err != nil || len(out) != w*h*4 {
		t.Fatalf("ffmpeg first frame: %v, %d bytes for %dx%d", err, len(out), w, h)
	}
	return &image.RGBA{Pix: out, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
}

// jpegRoundTrip encodes img as a poster is encoded and decodes it.
func jpegRoundTrip(t *testing.T, img image.Image) image.Image {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: posterQuality}); err != nil {
		t.Fatal(err)
	}
	out, err := jpeg.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// psnr compares two images of one size on their RGB channels.
func psnr(a, b image.Image) float64 {
	r := a.Bounds()
	var se float64
	var n int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, ag, ab, _ := a.At(x, y).RGBA()
			br, bg, bb, _ := b.At(x, y).RGBA()
			for _, d := range []float64{float64(ar>>8) - float64(br>>8), float64(ag>>8) - float64(bg>>8), float64(ab>>8) - float64(bb>>8)} {
				se += d * d
			}
			n += 3
		}
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255/(se/float64(n)))
}

// TestRealClipsUploadPosterAndRefusals uploads clips made by ffmpeg: an
// H.264 MP4 with sound, a rotated one, an HEVC one and a GIF are
// accepted with their probed fields, their posters are JPEGs of the
// displayed size that match ffmpeg's decode of the first frame; an
// MPEG-4 part 2 clip, an audio-only file, a truncated MP4 and a PNG
// renamed .mp4 are refused with nothing kept; a clip past
// --max-clip-duration is a 413.
func TestRealClipsUploadPosterAndRefusals(t *testing.T) {
	t.Parallel()
	ff := needFFmpeg(t)
	e := newTestEnv(t, func(c *Config) { c.MaxClipDuration = 3e9 })
	c := e.loginApp("real")
	src := []string{"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2"}
	// The clips say which colours they hold, as phones' clips do: ffmpeg,
	// the oracle, decodes untagged video as BT.601 where reel takes it
	// for BT.709. The H.264 clips are BT.709, the HEVC one BT.601.
	bt709 := []string{"-vf", "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
		"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"}
	bt601 := []string{"-vf", "scale=out_color_matrix=bt601:out_range=tv,format=yuv420p",
		"-colorspace", "smpte170m", "-color_primaries", "smpte170m", "-color_trc", "smpte170m"}
	h264 := makeClip(t, ff, "a.mp4", join(src, []string{"-f", "lavfi", "-i", "sine=frequency=440:duration=2"}, bt709,
		[]string{"-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", "-movflags", "+faststart"})...)
	// ffmpeg writes a display matrix only when it copies the stream
	// (re-encoding drops the rotate tag), and 5.1 reads rotate=270 as
	// the phone's "turn 90 degrees clockwise" (ffprobe: rotation -90).
	upright := makeClip(t, ff, "u.mp4", join(src, bt709, []string{"-c:v", "libx264", "-preset", "ultrafast"})...)
	rotated := makeClip(t, ff, "r.mp4", "-i", writeTemp(t, upright), "-c", "copy", "-metadata:s:v:0", "rotate=270")
	hevc := makeClip(t, ff, "h.mp4", join(src, bt601, []string{"-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error",
		"-tag:v", "hvc1"})...)
	// Undithered: 4:2:0 chroma, the clip frames' and the JPEG's, would
	// average ffmpeg's default dither into a different picture.
	gif := makeClip(t, ff, "g.gif", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10:duration=1",
		"-vf", "split[a][b];[a]palettegen[p];[b][p]paletteuse=dither=none")
	for _, tc := range []struct {
		name          string
		body          []byte
		ext, codec    string
		width, height int
		rotation      int
		audio         bool
		oracle        bool // the poster matches ffmpeg's first frame
	}{
		{"h264 with sound", h264, "mp4", "h264", 320, 240, 0, true, true},
		{"rotated", rotated, "mp4", "h264", 240, 320, 90, false, true}, // ffmpeg turns its decode upright
		{"hevc", hevc, "mp4", "hevc", 320, 240, 0, false, true},
		{"gif", gif, "gif", "gif", 160, 120, 0, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			obj := c.ok(c.do("PUT", "/me/clips", bytes.NewReader(tc.body), nil))
			if obj["codec"] != tc.codec || obj["width"] != float64(tc.width) || obj["height"] != float64(tc.height) ||
				obj["rotation"] != float64(tc.rotation) || obj["has_audio"] != tc.audio || !strings.HasSuffix(obj["url"].(string), "."+tc.ext) {
				t.Fatalf("clip object %v", obj)
			}
			if d := obj["duration"].(float64); d < 0.9 || d > 2.1 {
				t.Fatalf("duration %v", d)
			}
			r := e.do("GET", obj["poster_url"].(string), nil, nil)
			poster, err := jpeg.Decode(bytes.NewReader(r.body))
			if r.code != 200 || err != nil {
				t.Fatalf("poster: %d %v", r.code, err)
			}
			if b := poster.Bounds(); b.Dx() != tc.width || b.Dy() != tc.height {
				t.Fatalf("poster %v, want %dx%d", b, tc.width, tc.height)
			}
			if tc.oracle {
				// The decoded frame matches ffmpeg's to 43-49 dB; the
				// poster's JPEG costs what a JPEG of ffmpeg's frame
				// costs (32-36 dB on a test pattern's sharp colour
				// edges). A wrong colour matrix is ~24 dB, a
				// wrong turn ~4 dB.
				want := ffmpegFirstFrame(t, ff, tc.body, tc.width, tc.height)
				ceiling := psnr(jpegRoundTrip(t, want), want)
				if p := psnr(poster, want); p < ceiling-1.5 || p < 30 {
					t.Fatalf("poster vs ffmpeg's first frame: %.1f dB, a JPEG of ffmpeg's frame %.1f dB", p, ceiling)
				} else {
					t.Logf("poster vs ffmpeg's first frame: %.1f dB, a JPEG of ffmpeg's frame %.1f dB", p, ceiling)
				}
			}
		})
	}

	before := len(blobFiles(t, e.dir))
	long := makeClip(t, ff, "l.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10:duration=4", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p")
	mp4v := makeClip(t, ff, "m.mp4", append(append([]string{}, src...), "-c:v", "mpeg4")...)
	audioOnly := makeClip(t, ff, "s.m4a", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac")
	for _, tc := range []struct {
		name string
		body []byte
		code int
		msg  string
	}{
		{"too long", long, 413, "is longer than the limit of 3s"},
		{"mpeg-4 part 2", mp4v, 415, "unsupported clip type"},
		{"audio only", audioOnly, 415, "the file has no video track"},
		{"truncated", h264[:len(h264)*6/10], 400, "truncated"},
		{"png renamed .mp4", testPNG(t, 32, 32), 415, "unsupported clip type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.do("PUT", "/me/clips", bytes.NewReader(tc.body), map[string]string{"Content-Type": "video/mp4"})
			if r.code != tc.code || !strings.Contains(string(r.body), tc.msg) {
				t.Fatalf("want %d %q, got %d %s", tc.code, tc.msg, r.code, r.body)
			}
		})
	}
	if n := len(blobFiles(t, e.dir)); n != before {
		t.Fatalf("refused clips left %d files", n-before)
	}
}

// TestRenderWithClip renders a video of a photo and a clip through the
// real worker and engine: the MP4 is what ffprobe reads, as long as the
// plan says; a render whose clip cannot be decoded fails the video,
// charges nothing and the server keeps serving.
func TestRenderWithClip(t *testing.T) {
	t.Parallel()
	ff := needFFmpeg(t)
	probe := needFFprobe(t)
	e := newTestEnv(t, nil)
	e.srv.Start(context.Background())
	c := e.addUser("director", 2)
	clip := makeClip(t, ff, "a.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=3", "-f", "lavfi", "-i", "sine=frequency=440:duration=3",
		"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest")
	clipID := c.ok(c.do("PUT", "/me/clips", bytes.NewReader(clip), nil))["id"].(string)
	photo := c.putPhoto(testJPEG(t, 320, 180, 4))
	id := c.ok(c.form("POST", "/me/videos", "name", "With a clip", "style", "vanilla", "quality", "360",
		"assets", fmt.Sprintf(`[{"name":"image","asset_id":%q},{"name":"video","asset_id":%q},{"name":"music","asset_id":"lib-chords"}]`, photo, clipID)))["id"].(string)
	// The plan, made without reading the clip, times it as the render
	// will (the photo's slide length would make it 1 s too long).
	tl := c.ok(c.do("GET", "/me/videos/"+id+"/timeline", nil, nil))
	planned, frame := tl["duration"].(float64), 1/tl["frame_rate"].(float64)
	if d := c.ok(c.do("GET", "/me/videos/"+id, nil, nil))["duration"]; d != math.Round(planned) {
		t.Fatalf("the draft says %v s, /timeline %.3f s", d, planned)
	}
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	v := waitStatus(t, c, id, model.StatusPublished, model.StatusFailed)
	if v["status"] != model.StatusPublished {
		t.Fatalf("render with a clip: %v (%v)", v["status"], v["reason"])
	}
	url := v["video"].(map[string]any)["360"].(map[string]any)["url"].(string)
	rendered := e.do("GET", url, nil, nil).body
	info := ffprobe(t, probe, rendered)
	checkMP4(t, info, 640, 360)
	got, _ := strconv.ParseFloat(info.Format.Duration, 64)
	if math.Abs(got-planned) > frame {
		t.Fatalf("ffprobe duration %.3f s, /timeline planned %.3f s", got, planned)
	}
	if want := math.Round(got); v["duration"] != want { // whole seconds, as the seed types it
		t.Fatalf("the video says %v s, its file lasts %.3f s", v["duration"], got)
	}
	var videoEnd float64
	for _, st := range info.Streams {
		if d, _ := strconv.ParseFloat(st.Duration, 64); st.CodecType == "video" {
			videoEnd = d
		} else if st.CodecType == "audio" && d > videoEnd+1e-3 {
			t.Fatalf("audio lasts %.3f s, the video %.3f s", d, videoEnd)
		}
	}

	// A clip whose file went bad after upload. Its headers gone (cut
	// short): the render request is refused at once, naming the asset;
	// nothing is queued or charged.
	cl, err := e.store.ClipByID(context.Background(), clipID)
	if err != nil {
		t.Fatal(err)
	}
	blobPath := filepath.Join(e.dir, "blobs", filepath.FromSlash(cl.Blob))
	if err := os.WriteFile(blobPath, clip[:len(clip)/3], 0o600); err != nil {
		t.Fatal(err)
	}
	c.ok(c.form("POST", "/me/videos/"+id, "name", "Again"))
	if r := c.do("POST", "/me/videos/"+id+"/render", nil, nil); r.code != 400 || !strings.Contains(string(r.body), "assets[1]") {
		t.Fatalf("render of a cut clip: %d %s, want a 400 naming assets[1]", r.code, r.body)
	}
	// Its sound spoiled, its pictures whole: the request's checks pass,
	// the render fails in the worker; the credit comes back, the video
	// keeps its published renditions and the server still answers.
	if err := os.WriteFile(blobPath, spoilClipSound(t, clip), 0o600); err != nil {
		t.Fatal(err)
	}
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	v = waitStatus(t, c, id, model.StatusPublished, model.StatusFailed) // processing until the worker is done
	if v["status"] != model.StatusPublished || v["last_render_error"] == nil {
		t.Fatalf("after a failed re-render: status %v, last_render_error %v", v["status"], v["last_render_error"])
	}
	t.Logf("last_render_error: %v", v["last_render_error"])
	if r := e.do("GET", url, nil, nil); r.code != 200 || !bytes.Equal(r.body, rendered) {
		t.Fatalf("published file after the failed re-render: %d, %d bytes (was %d)", r.code, len(r.body), len(rendered))
	}
	if me := c.ok(c.do("GET", "/me", nil, nil)); me["credits"].(float64) != 1 {
		t.Fatalf("credits %v: the failed render was charged", me["credits"])
	}
	c.ok(c.do("GET", "/me/clips", nil, nil))
}

// spoilClipSound returns a copy of an MP4 clip whose audio samples after
// the first are noise: its headers and pictures stay whole, its AAC
// cannot be decoded.
func spoilClipSound(t *testing.T, b []byte) []byte {
	t.Helper()
	f, err := bmff.Open(bytes.NewReader(b), int64(len(b)), bmff.Limits{})
	if err != nil || f.Audio() == nil || len(f.Audio().Samples) < 20 {
		t.Fatalf("clip to spoil: %v", err)
	}
	out := bytes.Clone(b)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range f.Audio().Samples[1:] {
		for i := range int64(s.Size) {
			out[s.Offset+i] = byte(rng.Uint32())
		}
	}
	return out
}

// TestRGBAOfBT709: the poster's colour conversion is BT.709 limited
// range: black, white and the primaries land on their RGB values.
func TestRGBAOfBT709(t *testing.T) {
	for _, tc := range []struct {
		y, cb, cr uint8
		rgb       [3]uint8
	}{
		{16, 128, 128, [3]uint8{0, 0, 0}},
		{235, 128, 128, [3]uint8{255, 255, 255}},
		{63, 102, 240, [3]uint8{255, 0, 0}},
		{173, 42, 26, [3]uint8{0, 255, 0}},
		{32, 240, 118, [3]uint8{0, 0, 255}},
	} {
		src := image.NewYCbCr(image.Rect(0, 0, 2, 2), image.YCbCrSubsampleRatio420)
		for i := range src.Y {
			src.Y[i] = tc.y
		}
		src.Cb[0], src.Cr[0] = tc.cb, tc.cr
		got := rgbaOf(src)
		for i, want := range tc.rgb {
			if d := int(got.Pix[i]) - int(want); d < -2 || d > 2 {
				t.Errorf("YCbCr %d,%d,%d -> %v, want %v", tc.y, tc.cb, tc.cr, got.Pix[:3], tc.rgb)
				break
			}
		}
	}
}

// FuzzClipUpload feeds arbitrary files (seeded with real clips when
// ffmpeg is here, and their truncations) through the upload checks and
// the poster decode: a clip or a 4xx, never a panic or a 5xx.
func FuzzClipUpload(f *testing.F) {
	f.Add([]byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"))
	f.Add([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
	f.Add([]byte("RIFF\x10\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00"))
	if bin, err := exec.LookPath("ffmpeg"); err == nil {
		dir := f.TempDir()
		for i, args := range [][]string{
			{"-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10:duration=0.5", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "a.mp4"},
			{"-f", "lavfi", "-i", "testsrc2=size=32x24:rate=5:duration=0.4", "b.gif"},
		} {
			out := filepath.Join(dir, args[len(args)-1])
			if exec.Command(bin, append([]string{"-loglevel", "error", "-y"}, append(args[:len(args)-1], out)...)...).Run() == nil {
				if b, err := os.ReadFile(out); err == nil {
					f.Add(b)
					f.Add(b[:len(b)*(i+1)/3])
				}
			}
		}
	}
	e := newTestEnv(f, nil)
	f.Fuzz(func(t *testing.T, b []byte) {
		ctx := context.Background()
		rd := bytes.NewReader(b)
		info, err := e.srv.checkClip(rd, int64(len(b)), b[:min(len(b), spoolHead)])
		if err == nil {
			_, err = e.srv.clipPoster(ctx, rd, int64(len(b)), b[:min(len(b), spoolHead)], info)
		}
		var he *httpx.Error
		if err != nil && (!errors.As(err, &he) || he.Status < 400 || he.Status >= 500) {
			t.Fatalf("%d bytes: %v, want a 4xx", len(b), err)
		}
	})
}

// TestVideoAssetTrimChecked: a video asset's trims and volume are
// checked against its clip at update time, with the field named.
func TestVideoAssetTrimChecked(t *testing.T) {
	t.Parallel()
	e := withFakeClips(newTestEnv(t, nil), fakeClips{}) // the fake clip lasts 12.5 s
	c := e.loginApp("trim")
	clip := c.ok(c.do("PUT", "/me/clips", bytes.NewReader(fakeClip(t, fakeInfo)), nil))["id"].(string)
	id := c.ok(c.do("POST", "/me/videos", nil, nil))["id"].(string)
	for _, tc := range []struct{ data, msg string }{
		{`{"trim_start":-1}`, "assets[0].data.trim_start: must be seconds >= 0"},
		{`{"trim_start":12.5}`, "assets[0].data.trim_start: 12.500 s is not before the clip's end (12.500 s)"},
		{`{"trim_end":12.8}`, "assets[0].data.trim_end: 12.800 s is past the clip's end"},
		{`{"trim_start":4,"trim_end":3}`, "assets[0].data.trim_end: 3.000 s is not after trim_start"},
		{`{"volume":4.5}`, "assets[0].data.volume: must be 0..4"},
		{`{"volume":-0.5}`, "assets[0].data.volume"},
	} {
		r := c.form("POST", "/me/videos/"+id, "assets", fmt.Sprintf(`[{"name":"video","asset_id":%q,"data":%s}]`, clip, tc.data))
		if r.code != 400 || !strings.Contains(string(r.body), tc.msg) {
			t.Errorf("%s: %d %s, want 400 %q", tc.data, r.code, r.body, tc.msg)
		}
	}
	v := c.ok(c.form("POST", "/me/videos/"+id, "assets", fmt.Sprintf(`[{"name":"video","asset_id":%q,"data":{"trim_start":2,"trim_end":12.7,"volume":0.5,"mute":true}}]`, clip)))
	d := v["assets"].([]any)[0].(map[string]any)["data"].(map[string]any)
	if d["trim_start"] != 2.0 || d["trim_end"] != 12.7 || d["volume"] != 0.5 || d["mute"] != true {
		t.Fatalf("stored data %v", d)
	}
}
