package openh264

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/reelkit/reel/compose/clip/internal/cliptest"
)

// ffmpegMacroblocks is ffmpeg's description of one decoded picture
// (-debug mb_type): its type (I, P, B) and per macroblock, in raster
// order, two characters: the prediction ('X' both lists, '>' list 0,
// '<' list 1, 'd'/'D' direct, 'S' skip, 'i'/'I' intra...) and the
// partitioning ('-' 16x8, '|' 8x16, '+' 8x8, ' ' 16x16).
type ffmpegMacroblocks struct {
	kind byte
	mbs  []string
}

// ffmpegMacroblockTypes returns ffmpeg's macroblock types of every
// picture of path in display order; it skips t when ffmpeg's debug
// output is not in the form this reads.
func ffmpegMacroblockTypes(t *testing.T, path string, mbw, mbh int) []ffmpegMacroblocks {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command("ffmpeg", "-hide_banner", "-threads", "1", "-debug", "mb_type", "-i", path, "-f", "null", "-")
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ffmpeg -debug mb_type %s: %v", path, err)
	}
	var pics []ffmpegMacroblocks
	rows := mbh
	for _, line := range strings.Split(stderr.String(), "\n") {
		if i := strings.Index(line, "] "); strings.HasPrefix(line, "[h264 @ ") && i > 0 {
			line = line[i+2:]
		}
		if k, ok := strings.CutPrefix(line, "New frame, type: "); ok && len(k) > 0 {
			if rows != mbh {
				break
			}
			pics = append(pics, ffmpegMacroblocks{kind: k[0]})
			rows = 0
			continue
		}
		if rows == mbh || len(line) < 3*mbw-1 {
			continue
		}
		p := &pics[len(pics)-1]
		for x := range mbw {
			p.mbs = append(p.mbs, line[3*x:3*x+2])
		}
		rows++
	}
	if len(pics) == 0 || rows != mbh {
		t.Skipf("ffmpeg's -debug mb_type output is not in the form this test reads (%d pictures)", len(pics))
	}
	return pics
}

// TestBFrameDifferencesSitInBiPredictedHalfMacroblocks locates what
// OpenH264 decodes differently from ffmpeg in B pictures. On a clip whose
// B pictures are not referenced (no pyramid: no error is carried from
// picture to picture) and without the deblocking filter (which would
// spread differences over the edges), I and P pictures are bit-exact and
// in B pictures the only macroblocks that differ are ones split in two
// halves (16x8 or 8x16) using both reference lists, and intra ones,
// which are predicted from their neighbours' samples.
func TestBFrameDifferencesSitInBiPredictedHalfMacroblocks(t *testing.T) {
	l := loadOrSkip(t)
	cliptest.Need(t)
	const w, h, mbw, mbh = 640, 360, 40, 23 // 360 = 22.5 macroblocks
	path := cliptest.Make(t, "b.mp4", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "1", "-pix_fmt", "yuv420p",
		"-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-bf", "3", "-x264-params", "b-pyramid=none:keyint=12:no-deblock=1")
	config, pkts := cliptest.Packets(t, path)
	pics := decodeAll(t, l, config, pkts)
	want := cliptest.Frames(t, path, "yuv420p", w*h*3/2)
	types := ffmpegMacroblockTypes(t, path, mbw, mbh)
	if len(pics) != len(want) || len(types) != len(want) {
		t.Fatalf("%d pictures, ffmpeg decodes %d and describes %d", len(pics), len(want), len(types))
	}
	halves, offHalves, worst := 0, 0, 0
	for i, p := range pics {
		for mb, kind := range types[i].mbs {
			d := maxLumaDiff(want[i], p.Y, w, h, mb%mbw, mb/mbw)
			switch {
			case types[i].kind != 'B' && d != 0:
				t.Errorf("picture %d (%c) differs from ffmpeg's decode at macroblock %d (%d levels)", i, types[i].kind, mb, d)
			case kind == "X-" || kind == "X|":
				halves++
				if d != 0 {
					offHalves++
					worst = max(worst, d)
				}
			case d != 0 && kind[0] != 'i' && kind[0] != 'I':
				t.Errorf("picture %d macroblock %d (ffmpeg: %q) is %d levels off", i, mb, kind, d)
			}
		}
	}
	t.Logf("%d of %d two-list 16x8/8x16 macroblocks differ, by up to %d levels", offHalves, halves, worst)
	if halves == 0 {
		t.Fatal("the clip has no two-list 16x8/8x16 macroblock: it no longer tests what it says")
	}
	if offHalves == 0 {
		t.Logf("this OpenH264 (%s) decodes bi-predicted 16x8/8x16 partitions as ffmpeg does", l.Version())
	}
}

// maxLumaDiff returns the largest luma difference of macroblock (mx, my)
// between two w x h pictures.
func maxLumaDiff(a, b []byte, w, h, mx, my int) int {
	d := 0
	for y := my * 16; y < min(my*16+16, h); y++ {
		for x := mx * 16; x < mx*16+16; x++ {
			d = max(d, abs(int(a[y*w+x])-int(b[y*w+x])))
		}
	}
	return d
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
