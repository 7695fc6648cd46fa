package clip

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reelkit/reel/compose/clip/internal/cliptest"
	"github.com/reelkit/reel/internal/bmff"
)

// ffprobeColour is ffprobe's reading of a file's first video stream's
// colour fields ("unknown" when unspecified).
type ffprobeColour struct {
	Range     string `json:"color_range"`
	Matrix    string `json:"color_space"`
	Transfer  string `json:"color_transfer"`
	Primaries string `json:"color_primaries"`
}

func probeColourWithFFprobe(t *testing.T, path string) ffprobeColour {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
		"stream=color_range,color_space,color_transfer,color_primaries", "-of", "json", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var doc struct{ Streams []ffprobeColour }
	if err := json.Unmarshal(out, &doc); err != nil || len(doc.Streams) != 1 {
		t.Fatalf("ffprobe output %s: %v", out, err)
	}
	f := doc.Streams[0]
	for _, s := range []*string{&f.Range, &f.Matrix, &f.Transfer, &f.Primaries} {
		if *s == "" {
			*s = "unknown"
		}
	}
	return f
}

// checkAgainstFFprobe compares a Colour with ffprobe's fields: every code
// ffprobe reads must be ours, and every one it calls unknown must be one
// we guessed.
func checkAgainstFFprobe(t *testing.T, what string, c Colour, f ffprobeColour) {
	t.Helper()
	for _, x := range []struct{ name, ours, theirs string }{
		{"primaries", c.PrimariesName(), f.Primaries},
		{"transfer", c.TransferName(), f.Transfer},
		{"matrix", c.MatrixName(), f.Matrix},
	} {
		if x.theirs == "unknown" {
			if !strings.Contains(c.Source, "guessed") {
				t.Errorf("%s: ffprobe finds no %s but Colour %v does not say it guessed", what, x.name, c)
			}
			continue
		}
		if x.ours != x.theirs {
			t.Errorf("%s: %s %q, ffprobe reads %q (Colour %v)", what, x.name, x.ours, x.theirs, c)
		}
	}
	if c.FullRange != (f.Range == "pc") {
		t.Errorf("%s: full range %v, ffprobe reads range %q", what, c.FullRange, f.Range)
	}
}

// TestH264ColourFromVUIMatchesFFprobe encodes H.264 with the colour
// description only in the SPS VUI (x264's parameters; ffmpeg writes no
// colr box for MP4) and checks Probe's Colour against ffprobe.
func TestH264ColourFromVUIMatchesFFprobe(t *testing.T) {
	cliptest.Need(t)
	for _, c := range []struct {
		params string
		want   Colour
	}{
		{"colorprim=bt470bg:transfer=smpte170m:colormatrix=bt470bg:fullrange=on", Colour{5, 6, 5, true, "vui"}},
		{"colorprim=bt709:transfer=bt709:colormatrix=bt709:fullrange=off", Colour{1, 1, 1, false, "vui"}},
		{"colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc", Colour{9, 18, 9, false, "vui"}},
		{"colormatrix=smpte170m", Colour{6, 6, 6, false, "vui+guessed"}},
		{"fullrange=on", Colour{6, 6, 6, true, "guessed"}},
		{"keyint=1", Colour{6, 6, 6, false, "guessed"}},
	} {
		p := cliptest.Make(t, "vui.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10", "-frames:v", "1",
			"-pix_fmt", "yuv420p", "-c:v", "libx264", "-x264-params", c.params)
		if b, err := os.ReadFile(p); err != nil || strings.Contains(string(b), "colr") {
			t.Fatalf("%s: ffmpeg wrote a colr box (%v): the test needs the VUI alone", c.params, err)
		}
		inf, err := probeFile(t, p)
		if err != nil {
			t.Fatal(err)
		}
		if inf.Colour != c.want {
			t.Errorf("%s: Colour %+v, want %+v", c.params, inf.Colour, c.want)
		}
		checkAgainstFFprobe(t, c.params, inf.Colour, probeColourWithFFprobe(t, p))
	}
}

// TestColourFromInBandParameterSets strips the parameter sets from the
// configuration record of clips whose keyframes also carry them in-band
// (as avc3/hev1 tracks do): the colour must then come from the first
// sync sample's SPS.
func TestColourFromInBandParameterSets(t *testing.T) {
	cliptest.Need(t)
	for _, c := range []struct {
		codec, params string
		strip         func([]byte) []byte
		want          Colour
	}{
		{"libx264", "colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc:fullrange=on",
			func(c []byte) []byte { return []byte{1, c[1], c[2], c[3], c[4], 0xe0, 0} }, Colour{9, 16, 9, true, "vui"}},
		{"libx265", "colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc:log-level=error",
			func(c []byte) []byte { return append(append([]byte(nil), c[:22]...), 0) }, Colour{9, 18, 9, false, "vui"}},
	} {
		for _, inBand := range []bool{true, false} {
			params := c.params
			if inBand {
				params += ":repeat-headers=1"
			}
			opt := "-x264-params"
			if c.codec == "libx265" {
				opt = "-x265-params"
			}
			p := cliptest.Make(t, "inband.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10", "-frames:v", "2",
				"-pix_fmt", "yuv420p", "-c:v", c.codec, opt, params)
			f, fh := openClipFile(t, p)
			v := f.Video()
			if got := trackColour(v, fh); got != c.want {
				t.Fatalf("%s %s: with the record's SPS, Colour %+v, want %+v", c.codec, params, got, c.want)
			}
			v.Config = c.strip(v.Config)
			got := trackColour(v, fh)
			fh.Close()
			want := c.want
			if !inBand { // nothing to read: the guess
				want = Colour{6, 6, 6, false, "guessed"}
			}
			if got != want {
				t.Errorf("%s %s without the record's SPS: Colour %+v, want %+v", c.codec, params, got, want)
			}
		}
	}
}

func TestChooseColourPrefersColrThenVUIThenTheSizeGuess(t *testing.T) {
	bt601Full := videoSignal{5, 6, 5, true}
	for _, c := range []struct {
		name      string
		colr, vui videoSignal
		vuiOK     bool
		w, h      int
		want      Colour
	}{
		{"colr wins", videoSignal{1, 1, 1, false}, bt601Full, true, 640, 360, Colour{1, 1, 1, true, "colr"}},
		{"vui", videoSignal{}, bt601Full, true, 1920, 1080, Colour{5, 6, 5, true, "vui"}},
		{"unspecified colr", videoSignal{2, 2, 2, false}, bt601Full, true, 1920, 1080, Colour{5, 6, 5, true, "vui"}},
		{"partial colr", videoSignal{9, 2, 2, false}, videoSignal{}, false, 1920, 1080, Colour{9, 1, 1, false, "colr+guessed"}},
		{"range only", videoSignal{}, videoSignal{0, 0, 0, true}, true, 1920, 1080, Colour{1, 1, 1, true, "guessed"}},
		{"untagged SD", videoSignal{}, videoSignal{}, false, 640, 360, Colour{6, 6, 6, false, "guessed"}},
		{"untagged 576p", videoSignal{}, videoSignal{}, false, 720, 576, Colour{6, 6, 6, false, "guessed"}},
		{"untagged HD", videoSignal{}, videoSignal{}, false, 1280, 720, Colour{1, 1, 1, false, "guessed"}},
		{"untagged wide", videoSignal{}, videoSignal{}, false, 1280, 360, Colour{1, 1, 1, false, "guessed"}},
		{"untagged portrait HD", videoSignal{}, videoSignal{}, false, 720, 1280, Colour{1, 1, 1, false, "guessed"}},
	} {
		if got := chooseColour(c.colr, c.vui, c.vuiOK, c.w, c.h); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	if s := (Colour{6, 6, 6, true, "guessed"}).String(); s != "smpte170m/smpte170m/smpte170m, full range (guessed)" {
		t.Errorf("String() = %q", s)
	}
}

// rgbFrame converts with ffmpeg (swscale, the same chroma upsampling for
// every input) the first frame of a clip, or a raw yuv420p frame of
// w x h, into packed RGB24. scale holds the scale filter's options
// reading the input's colour ("" for ffmpeg's defaults).
func rgbFrame(t *testing.T, input []string, scale string) []byte {
	t.Helper()
	vf := "scale=flags=bilinear+accurate_rnd+full_chroma_int"
	if scale != "" {
		vf += ":" + scale
	}
	args := append([]string{"-hide_banner", "-loglevel", "error"}, input...)
	args = append(args, "-frames:v", "1", "-vf", vf, "-f", "rawvideo", "-pix_fmt", "rgb24", "-")
	out, err := exec.Command("ffmpeg", args...).Output()
	if err != nil {
		t.Fatalf("ffmpeg %v: %v", args, err)
	}
	return out
}

// readerRGB is the first frame reel decodes from path (BT.709 limited
// range), in RGB24 through the same conversion as rgbFrame's.
func readerRGB(t *testing.T, path string, w, h int) []byte {
	t.Helper()
	raw := filepath.Join(t.TempDir(), "reel.yuv")
	if err := os.WriteFile(raw, firstFrame(t, path), 0o644); err != nil {
		t.Fatal(err)
	}
	return rgbFrame(t, []string{"-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", fmt.Sprintf("%dx%d", w, h), "-i", raw},
		"in_color_matrix=bt709:in_range=tv")
}

// TestFullRangeBT601FromVUIDecodesAsFFmpegDoes encodes a full-range
// BT.601 picture at 1280x720 (where the size guess would be BT.709) with
// the description in the VUI only: reel's frame must show the picture
// ffmpeg shows when it reads those tags.
func TestFullRangeBT601FromVUIDecodesAsFFmpegDoes(t *testing.T) {
	cliptest.Need(t)
	needDecoder(t, "h264")
	const w, h = 1280, 720
	p := cliptest.Make(t, "bt601full.mp4", "-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=%dx%d:rate=10", w, h), "-frames:v", "1",
		"-vf", "scale=out_color_matrix=bt601:out_range=pc,format=yuv420p", "-c:v", "libx264", "-qp", "5",
		"-x264-params", "fullrange=on:colormatrix=smpte170m:colorprim=smpte170m:transfer=smpte170m")
	want := rgbFrame(t, []string{"-i", p}, "in_color_matrix=bt601:in_range=pc")
	got := readerRGB(t, p, w, h)
	psnr := cliptest.PSNR(want, got, 255)
	t.Logf("against ffmpeg's decode as full-range BT.601: %.1f dB", psnr)
	if psnr < 40 {
		t.Errorf("full-range BT.601 clip: %.1f dB against ffmpeg's decode (want >= 40)", psnr)
	}
	if wrong := cliptest.PSNR(rgbFrame(t, []string{"-i", p}, "in_color_matrix=bt709:in_range=tv"), got, 255); wrong > psnr-5 {
		t.Errorf("the oracle does not tell the colours apart: %.1f dB against the BT.709 limited reading", wrong)
	}
}

// TestUntaggedClipsFollowThePlayersSizeGuess checks both sides of the
// guess for clips with no colour description: an SD clip shows what
// ffmpeg shows by default (BT.601), an HD clip what it shows when told
// BT.709.
func TestUntaggedClipsFollowThePlayersSizeGuess(t *testing.T) {
	cliptest.Need(t)
	needDecoder(t, "h264")
	for _, c := range []struct {
		w, h         int
		right, wrong string
	}{
		{640, 360, "", "in_color_matrix=bt709:in_range=tv"},
		{1280, 720, "in_color_matrix=bt709:in_range=tv", "in_color_matrix=bt601:in_range=tv"},
	} {
		p := cliptest.Make(t, "untagged.mp4", "-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=%dx%d:rate=10", c.w, c.h),
			"-frames:v", "1", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-qp", "5")
		if f := probeColourWithFFprobe(t, p); f.Matrix != "unknown" || f.Primaries != "unknown" {
			t.Fatalf("%dx%d: the clip is tagged: %+v", c.w, c.h, f)
		}
		got := readerRGB(t, p, c.w, c.h)
		right := cliptest.PSNR(rgbFrame(t, []string{"-i", p}, c.right), got, 255)
		wrong := cliptest.PSNR(rgbFrame(t, []string{"-i", p}, c.wrong), got, 255)
		t.Logf("%dx%d: %.1f dB against the expected reading, %.1f dB against the other", c.w, c.h, right, wrong)
		if right < 40 || wrong > right-5 {
			t.Errorf("untagged %dx%d: %.1f dB against the player's reading (want >= 40), %.1f dB against the other", c.w, c.h, right, wrong)
		}
	}
}

// FuzzTrackColour reads the colour of a track whose configuration record
// and first sample are arbitrary bytes: errors give a guess, never a
// panic or an out-of-range read.
func FuzzTrackColour(f *testing.F) {
	f.Add("avc1", []byte{1, 0x64, 0, 0x1f, 0xff, 0xe1, 0, 4, 0x67, 0x64, 0, 0x1f, 1, 0, 1, 0x68}, []byte{0, 0, 0, 2, 0x65, 0x88})
	f.Add("avc3", []byte{}, []byte{0, 0, 0, 1, 0x67, 0x64, 0, 0x1f, 0xac, 0xd9, 0x40, 0x50, 0x05, 0xbb, 0x01, 0x10})
	f.Add("hev1", append(make([]byte, 21), 3, 0), []byte{0, 0, 0, 3, 0x42, 0x01, 0x01})
	f.Fuzz(func(t *testing.T, codec string, config, sample []byte) {
		v := &bmff.Track{Codec: codec, Config: config, Width: 64, Height: 48,
			Samples: []bmff.Sample{{Offset: 0, Size: uint32(len(sample)), Sync: true}}}
		c := trackColour(v, bytes.NewReader(sample))
		if c.Source == "" || !specified(c.Primaries) || !specified(c.Transfer) || !specified(c.Matrix) {
			t.Fatalf("colour %+v leaves codes unresolved", c)
		}
	})
}
