package clip

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/reelkit/reel/compose/clip/internal/cliptest"
	"github.com/reelkit/reel/internal/bmff"
)

// spliceSPS returns the length-prefixed access unit au with its SPS
// replaced by sps.
func spliceSPS(t *testing.T, au, sps []byte) []byte {
	t.Helper()
	var out []byte
	replaced := false
	for len(au) >= 4 {
		l := int(binary.BigEndian.Uint32(au))
		u := au[4 : 4+l]
		if u[0]&0x1f == 7 {
			u, replaced = sps, true
		}
		out = binary.BigEndian.AppendUint32(out, uint32(len(u)))
		out = append(out, u...)
		au = au[4+l:]
	}
	if !replaced {
		t.Fatal("test set-up: no in-band SPS in the first sample")
	}
	return out
}

// TestColourFromAnSPSFirstSeenMidStream: an avc3-like H.264 clip (no
// parameter sets in its avcC record, SPS and PPS in-band at every
// keyframe, 1280x720, keyframes at frames 0 and 5) whose first keyframe's
// SPS has no colour description and whose second keyframe's SPS says
// full-range BT.601: the pictures of the first GOP are read as the size
// guess says (BT.709 limited, Info.Colour), those from the second
// keyframe on as full range BT.601, matching ffmpeg's decode read that
// way; also after a jump straight to the second GOP, a keyframe decoded
// alone and a jump back.
func TestColourFromAnSPSFirstSeenMidStream(t *testing.T) {
	cliptest.Need(t)
	needDecoder(t, "h264")
	const w, h = 1280, 720
	common := "repeat-headers=1:keyint=5:min-keyint=5:scenecut=0:bframes=0"
	src := []string{"-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=%dx%d:rate=10", w, h), "-frames:v", "10",
		"-vf", "scale=out_color_matrix=bt601:out_range=pc,format=yuv420p", "-c:v", "libx264", "-qp", "8"}
	tagged := cliptest.Make(t, "tagged.mp4", append(src, "-x264-params",
		common+":fullrange=on:colormatrix=smpte170m:colorprim=smpte170m:transfer=smpte170m")...)
	plain := cliptest.Make(t, "plain.mp4", append(src, "-x264-params", common+":fullrange=off")...)

	// The untagged SPS, from the plain clip's record.
	pf, pfh := openClipFile(t, plain)
	psps := avccSPS(pf.Video().Config)
	pfh.Close()
	if len(psps) != 1 {
		t.Fatalf("test set-up: %d SPS in the plain clip's record", len(psps))
	}
	if s, ok := h264Signal(psps[0]); ok && (specified(s.primaries) || specified(s.transfer) || specified(s.matrix) || s.fullRange) {
		t.Fatalf("test set-up: the plain clip's SPS describes a colour: %+v", s)
	}
	data, err := os.ReadFile(tagged)
	if err != nil {
		t.Fatal(err)
	}
	open := func() *Reader {
		r := bytes.NewReader(data)
		f, err := openBMFF(r, int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		v := f.Video()
		if !v.Samples[0].Sync || !v.Samples[5].Sync || v.Samples[3].Sync {
			t.Fatalf("test set-up: keyframes are not at 0 and 5")
		}
		// The first keyframe gets the untagged SPS, appended to the file.
		au, err := v.ReadSample(r, v.Samples[0], nil)
		if err != nil {
			t.Fatal(err)
		}
		au = spliceSPS(t, au, psps[0])
		buf := append(append([]byte(nil), data...), au...)
		v.Samples[0].Offset, v.Samples[0].Size = int64(len(data)), uint32(len(au))
		c := v.Config
		v.Config = []byte{1, c[1], c[2], c[3], c[4], 0xe0, 0} // no SPS, no PPS
		rd := bytes.NewReader(buf)
		info, tr, err := bmffInfo(f, rd)
		if err != nil {
			t.Fatal(err)
		}
		return openTrack(t, rd, info, tr)
	}
	rd := open()
	if want := (Colour{1, 1, 1, false, "guessed"}); rd.Info().Colour != want {
		t.Fatalf("Info.Colour %+v, want %+v (the first keyframe's SPS says nothing)", rd.Info().Colour, want)
	}
	dir := t.TempDir()
	rgbOf := func(name string, img []byte) []byte {
		raw := filepath.Join(dir, name+".yuv")
		if err := os.WriteFile(raw, img, 0o644); err != nil {
			t.Fatal(err)
		}
		return rgbFrame(t, []string{"-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", fmt.Sprintf("%dx%d", w, h), "-i", raw},
			"in_color_matrix=bt709:in_range=tv")
	}
	const full601, limited709 = "in_color_matrix=bt601:in_range=pc", "in_color_matrix=bt709:in_range=tv"
	// check compares reel's picture at frame k with ffmpeg's decode of
	// the tagged clip's frame k read as right and as wrong.
	check := func(name string, k int, got []byte, right, wrong string) {
		t.Helper()
		g := rgbOf(name, got)
		r := cliptest.PSNR(rgbFrameN(t, tagged, k, right), g, 255)
		x := cliptest.PSNR(rgbFrameN(t, tagged, k, wrong), g, 255)
		t.Logf("%s (frame %d): %.1f dB against the expected reading, %.1f dB against the other", name, k, r, x)
		if r < 40 || x > r-5 {
			t.Errorf("%s (frame %d): %.1f dB against %s (want >= 40), %.1f dB against %s", name, k, r, right, x, wrong)
		}
	}
	frame := func(r *Reader, k int) []byte {
		img, err := r.FrameAt(context.Background(), time.Duration(k)*100*time.Millisecond+time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		return packed(img)
	}
	check("in order, first GOP", 2, frame(rd, 2), limited709, full601)
	check("in order, second GOP", 7, frame(rd, 7), full601, limited709)
	check("back to the first GOP", 1, frame(rd, 1), limited709, full601)
	jump := open()
	check("jump to the second GOP", 8, frame(jump, 8), full601, limited709)
	key := open()
	img, err := key.KeyframeAt(context.Background(), 600*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	check("keyframe alone", 5, packed(img), full601, limited709)
}

// openTrack is a Reader of track tr of the file read by r (with info as
// bmffInfo gives it), with the real decoder.
func openTrack(t *testing.T, r *bytes.Reader, info Info, tr *bmff.Track) *Reader {
	t.Helper()
	c, ok := libFor(info.Codec)
	if !ok {
		t.Fatalf("no decoder for %s", info.Codec)
	}
	lib, err := c.open()
	if err != nil {
		t.Skip(err)
	}
	vs := newVideoSource(r, tr, info, func() (videoDecoder, error) { return lib.newDecoder(tr.Config) })
	if err := vs.seek(0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { vs.close() })
	return &Reader{src: vs, inf: info}
}

// rgbFrameN is rgbFrame of frame k of the clip at path (picked by
// ffmpeg's select filter: an input seek loses the range flag here).
func rgbFrameN(t *testing.T, path string, k int, scale string) []byte {
	t.Helper()
	vf := fmt.Sprintf("select=eq(n\\,%d),scale=flags=bilinear+accurate_rnd+full_chroma_int:%s", k, scale)
	out, err := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", path, "-vf", vf,
		"-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg frame %d: %v", k, err)
	}
	return out
}

// FuzzInBandColour reads the in-band SPS of an access unit made of
// arbitrary bytes: a malformed unit is skipped, never a panic or an
// out-of-range read, and a colour found has every code resolved.
func FuzzInBandColour(f *testing.F) {
	f.Add("avc1", []byte{1, 0x64, 0, 0x1f, 0xff, 0xe1, 0, 0}, []byte{0, 0, 0, 12, 0x67, 0x64, 0, 0x1f, 0xac, 0xd9, 0x40, 0x50, 0x05, 0xbb, 0x01, 0x10, 0, 0, 0, 2, 0x65, 0x88})
	f.Add("avc3", []byte{}, []byte{0, 0, 0, 1, 0x67, 0x64, 0, 0x1f, 0xac, 0xd9, 0x40, 0x50, 0x05, 0xbb, 0x01, 0x10})
	f.Add("hev1", append(make([]byte, 21), 3, 0), []byte{0, 0, 0, 3, 0x42, 0x01, 0x01})
	f.Fuzz(func(t *testing.T, codec string, config, au []byte) {
		c := newInBandColour(&bmff.Track{Codec: codec, Config: config, Width: 64, Height: 48})
		if c == nil {
			return
		}
		if col, ok := c.of(au); ok && (col.Source == "" || !specified(col.Primaries) || !specified(col.Transfer) || !specified(col.Matrix)) {
			t.Fatalf("colour %+v leaves codes unresolved", col)
		}
	})
}
