package engine

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/reelkit/reel/encode"
)

func TestSegmentRanges(t *testing.T) {
	t.Parallel()
	r, err := SegmentRanges(5400, Rational{Num: 30, Den: 1}, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []SegmentRange{{0, 3, 0, 1800}, {1, 3, 1800, 3600}, {2, 3, 3600, 5400}}
	if len(r) != 3 || r[0] != want[0] || r[1] != want[1] || r[2] != want[2] {
		t.Fatalf("got %+v, want %+v", r, want)
	}
	// 210 frames are 4 key intervals of 60: 60+60+90 (ends on the last frame).
	r, err = SegmentRanges(210, Rational{Num: 30, Den: 1}, 3)
	if err != nil || r[0].To != 60 || r[1].To != 120 || r[2].From != 120 || r[2].To != 210 {
		t.Fatalf("210 frames: %+v, %v", r, err)
	}
	for _, n := range []int{0, 5} {
		if _, err := SegmentRanges(210, Rational{Num: 30, Den: 1}, n); err == nil {
			t.Errorf("210 frames into %d segments: no error", n)
		}
	}
}

// framemd5 returns ffmpeg's per-frame MD5 lines of path's video, without
// the header comments.
func framemd5(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-map", "0:v", "-f", "framemd5", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg framemd5 %s: %v", path, err)
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return lines
}

// keyframeTimes returns the times of the video's keyframes (ffprobe).
func keyframeTimes(t *testing.T, path string) (keys []float64, packets int) {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatalf("ffprobe packets: %v", err)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(l, ",")
		packets++
		if len(f) == 2 && strings.HasPrefix(f[1], "K") {
			v, err := strconv.ParseFloat(f[0], 64)
			if err != nil {
				t.Fatal(err)
			}
			keys = append(keys, v)
		}
	}
	return keys, packets
}

// firstSEI returns the SEI NAL units of a segment's first packet.
func firstSEI(t *testing.T, seg []byte) []byte {
	t.Helper()
	r, err := encode.NewSegmentReader(bytes.NewReader(seg))
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	var sei []byte
	for d := p.Data; len(d) >= 5; {
		n := int(d[0])<<24 | int(d[1])<<16 | int(d[2])<<8 | int(d[3])
		if n > len(d)-4 {
			t.Fatalf("NAL of %d bytes in %d", n, len(d)-4)
		}
		if d[4]&0x1f == 6 {
			sei = append(sei, d[4:4+n]...)
		}
		d = d[4+n:]
	}
	return sei
}

// TestSplitRenderMatchesOneWorker: the segments of a render made one
// after the other by one worker, and made concurrently by goroutines
// (RenderSplit), join into videos whose decoded frames are identical
// (ffmpeg framemd5); the boundary frames are the composed pictures; the
// keyframe spacing stays <= 2 s with an IDR at every segment start; the
// joined file is within 3 % of a plain Render's size and has its frame
// count and an audio track.
func TestSplitRenderMatchesOneWorker(t *testing.T) {
	needFFmpeg(t)
	ctx := context.Background()
	dir := t.TempDir()
	o := Options{Styles: testStyles(t), Workers: 2, X264: X264Bundled} // the byte-deterministic x264
	p := quickProject()
	const n = 3

	// One worker, segment after segment.
	var segs []io.Reader
	var infos []*SegmentInfo
	var seis [][]byte
	for i := range n {
		var b bytes.Buffer
		info, err := RenderSegment(ctx, p, testResolver(), o, i, n, &b)
		if err != nil {
			t.Fatal(err)
		}
		infos = append(infos, info)
		segs = append(segs, bytes.NewReader(b.Bytes()))
		seis = append(seis, firstSEI(t, b.Bytes()))
	}
	// x264's SEI user data (version, options string) comes with the
	// headers, which reel does not put into samples: no segment carries a
	// copy that could differ from another's.
	for i := range seis {
		if len(seis[i]) != 0 {
			t.Errorf("segment %d's first picture carries %d bytes of SEI", i, len(seis[i]))
		}
	}
	one := o
	one.Output = ToFile(filepath.Join(dir, "one.mp4"))
	res, err := JoinSegments(ctx, p, testResolver(), one, segs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "one.jpg")); err != nil {
		t.Errorf("thumbnail: %v", err)
	}

	// The music encoded beforehand (EncodeAudio, as a coordinator does
	// while the segments render): the join takes that track instead of
	// mixing again. The project's own track gives the same file as the
	// join that mixed it; another project's track gives another file.
	join := func(audio *AudioTrack, out string) []byte {
		for _, s := range segs {
			s.(*bytes.Reader).Seek(0, io.SeekStart)
		}
		jo := o
		jo.Output, jo.Audio = ToFile(filepath.Join(dir, out)), audio
		if _, err := JoinSegments(ctx, p, testResolver(), jo, segs); err != nil {
			t.Fatal(err)
		}
		return readFile(t, pathOf(jo))
	}
	track, err := EncodeAudio(ctx, p, testResolver(), o)
	if err != nil || track == nil {
		t.Fatalf("EncodeAudio: %v, %v", track, err)
	}
	other := *p
	other.Assets = slices.Clone(p.Assets)
	other.Assets[3].AssetID = "music/tone22k_mono_cbr.mp3"
	otherTrack, err := EncodeAudio(ctx, &other, testResolver(), o)
	if err != nil {
		t.Fatal(err)
	}
	mixed := join(nil, "mixed.mp4")
	if pre := join(track, "pre.mp4"); !bytes.Equal(mixed, pre) {
		t.Errorf("join with the music encoded beforehand: %d bytes, not the %d of the join that mixed it", len(pre), len(mixed))
	}
	if alt := join(otherTrack, "other.mp4"); bytes.Equal(mixed, alt) {
		t.Error("join with another project's track wrote the same file: Options.Audio was ignored")
	}

	// Three goroutines at once.
	many := o
	many.Output = ToFile(filepath.Join(dir, "many.mp4"))
	if _, err := RenderSplit(ctx, p, testResolver(), many, n, nil); err != nil {
		t.Fatal(err)
	}
	a, b := framemd5(t, pathOf(one)), framemd5(t, pathOf(many))
	if len(a) != res.Frames || len(b) != res.Frames {
		t.Fatalf("decoded %d and %d frames, want %d", len(a), len(b), res.Frames)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("frame %d differs:\n%s\n%s", i, a[i], b[i])
		}
	}

	// The plain render: same length, the split costs little.
	plain := o
	plain.Output = ToFile(filepath.Join(dir, "plain.mp4"))
	pres, err := Render(ctx, p, testResolver(), plain)
	if err != nil {
		t.Fatal(err)
	}
	over := float64(res.Renditions[0].Size)/float64(pres.Renditions[0].Size) - 1
	t.Logf("split into %d: %d bytes, plain render %d bytes: overhead %+.2f %%", n, res.Renditions[0].Size, pres.Renditions[0].Size, 100*over)
	if over > 0.03 {
		t.Errorf("size overhead %.2f %% > 3 %%", 100*over)
	}
	if c := framemd5(t, pathOf(plain)); len(c) != len(a) {
		t.Errorf("plain render has %d frames, split %d", len(c), len(a))
	}
	st := ffprobe(t, pathOf(one))
	if len(st) != 2 || st[0].CodecName != "h264" || st[1].CodecName != "aac" {
		t.Fatalf("streams %+v, want h264 + aac", st)
	}

	keys, packets := keyframeTimes(t, pathOf(one))
	if packets != res.Frames {
		t.Errorf("%d packets, want %d", packets, res.Frames)
	}
	rate := float64(res.FrameRate.Num) / float64(res.FrameRate.Den)
	for _, s := range infos {
		found := false
		for _, k := range keys {
			found = found || int(k*rate+0.5) == s.From
		}
		if !found {
			t.Errorf("no keyframe at segment %d's first frame %d (keys at %v s)", s.Index, s.From, keys)
		}
	}
	last := 0.0
	for _, k := range append(keys, res.Duration) {
		if k-last > 2.0001 {
			t.Errorf("keyframes %.3f s apart (at %.3f and %.3f)", k-last, last, k)
		}
		last = k
	}
	// The frames either side of each boundary are the composed pictures.
	pl, err := Validate(ctx, p, testResolver(), o)
	if err != nil {
		t.Fatal(err)
	}
	var around []int
	for _, s := range infos[1:] {
		around = append(around, s.From-1, s.From)
	}
	comparePSNR(t, pathOf(one), pl, Size{Width: 640, Height: 360}, around)
}

// TestJoinRefusesBadSegments: a truncated or corrupt segment, one from
// another project, a missing or misplaced one is refused with a clear
// error, and nothing is left at the output path.
func TestJoinRefusesBadSegments(t *testing.T) {
	ctx := context.Background()
	o := Options{Styles: testStyles(t), Workers: 2, X264: X264Bundled}
	p := quickProject()
	seg := make([][]byte, 2)
	for i := range seg {
		var b bytes.Buffer
		if _, err := RenderSegment(ctx, p, testResolver(), o, i, 2, &b); err != nil {
			t.Fatal(err)
		}
		seg[i] = b.Bytes()
	}
	other := quickProject()
	other.Name = "Another name"
	var ob bytes.Buffer
	if _, err := RenderSegment(ctx, other, testResolver(), o, 1, 2, &ob); err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(seg[1])
	flipped[len(flipped)/2] ^= 1
	cases := []struct {
		name string
		segs [][]byte
		want string
		bad  bool // matches encode.ErrBadSegment
	}{
		{"truncated", [][]byte{seg[0], seg[1][:len(seg[1])-100]}, "truncated", true},
		{"flipped byte", [][]byte{seg[0], flipped}, "checksum", true},
		{"not a segment", [][]byte{seg[0], []byte("hello")}, "truncated", true},
		{"other project", [][]byte{seg[0], ob.Bytes()}, "segment 1: rendered from another project", false},
		{"swapped", [][]byte{seg[1], seg[0]}, "segment 1 of 2", false},
		{"missing", [][]byte{seg[0]}, "segment 0 of 2, but 1 segments were given", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.mp4")
			oo := o
			oo.Output = ToFile(out)
			var rs []io.Reader
			for _, s := range c.segs {
				rs = append(rs, bytes.NewReader(s))
			}
			_, err := JoinSegments(ctx, p, testResolver(), oo, rs)
			if err == nil {
				t.Fatal("joined")
			}
			t.Log(err)
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
			if c.bad != errors.Is(err, encode.ErrBadSegment) || c.bad == errors.Is(err, ErrSegmentMismatch) {
				t.Errorf("errors.Is(ErrBadSegment) = %v, want %v; ErrSegmentMismatch the opposite", !c.bad, c.bad)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("output left behind: %v", err)
			}
			if l := listDir(t, filepath.Dir(out)); len(l) != 0 {
				t.Errorf("files left: %v", l)
			}
		})
	}
}

// TestRenderSplitRunnerFailure: the first segment that fails cancels the
// others and is the one named; nothing is written.
func TestRenderSplitRunnerFailure(t *testing.T) {
	t.Parallel()
	boom := errors.New("worker lost")
	out := filepath.Join(t.TempDir(), "x.mp4")
	run := func(ctx context.Context, index, count int) (io.ReadCloser, error) {
		if index == 1 {
			return nil, boom
		}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	_, err := RenderSplit(context.Background(), quickProject(), testResolver(), Options{Styles: testStyles(t), Output: ToFile(out)}, 3, run)
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "segment 1 of 3") {
		t.Fatalf("got %v, want segment 1's error", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output: %v", err)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pathOf is the path of a ToFile output.
func pathOf(o Options) string { return o.Output.path }
