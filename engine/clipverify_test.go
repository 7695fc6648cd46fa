package engine

import (
	"context"
	"errors"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// countingClips is the real clip backend with a record of the reads its
// readers make: "frame T" for FrameAt, "keyframe T" for KeyframeAt.
type countingClips struct {
	clipLibrary
	mu    sync.Mutex
	calls []string
}

func (c *countingClips) open(ctx context.Context, r io.ReaderAt, size int64, w, h int) (clipReader, error) {
	rd, err := c.clipLibrary.open(ctx, r, size, w, h)
	if err != nil {
		return nil, err
	}
	kf, ok := rd.(keyframeReader)
	if !ok {
		return nil, errors.New("the clip library's reader decodes no keyframe on its own")
	}
	return &countingReader{clipReader: rd, kf: kf, c: c}, nil
}

func (c *countingClips) record(s string) {
	c.mu.Lock()
	c.calls = append(c.calls, s)
	c.mu.Unlock()
}

type countingReader struct {
	clipReader
	kf keyframeReader
	c  *countingClips
}

func (r *countingReader) FrameAt(ctx context.Context, t time.Duration) (*image.YCbCr, error) {
	r.c.record("frame " + t.String())
	return r.clipReader.FrameAt(ctx, t)
}

func (r *countingReader) Keyframes() []time.Duration { return r.kf.Keyframes() }

func (r *countingReader) KeyframeAt(ctx context.Context, t time.Duration) (*image.YCbCr, error) {
	r.c.record("keyframe " + t.String())
	return r.kf.KeyframeAt(ctx, t)
}

// verifyClipProject is a photo then dir/clip.mp4 trimmed to 0.5-3.5 s.
func verifyClipProject(t *testing.T) *Project {
	return &Project{Name: "Verify", Style: "quick", Quality: 360, Assets: []Asset{
		{Kind: KindImage, AssetID: filepath.Join(testdataDir(t), "photos", "02.jpg")},
		{Kind: KindVideo, AssetID: "clip.mp4", Data: AssetData{TrimStart: 500 * time.Millisecond, TrimEnd: 3500 * time.Millisecond}},
	}}
}

// makeVerifyClip writes dir/clip.mp4: 4 s of 320x180 H.264 at 30
// frames/s with a keyframe every second, no B-frames, and sound.
func makeVerifyClip(t *testing.T, dir string) string {
	return makeClip(t, dir, "clip.mp4", "-f", "lavfi", "-i", "testsrc2=s=320x180:r=30:d=4",
		"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:d=4",
		"-c:v", "libx264", "-bf", "0", "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest")
}

// TestValidationDecodesTheKeyframesAtAClipsEnds: checking a clip before
// the first frame (VerifyHeaders, and every render) decodes the keyframe
// at or before its first and its last played picture, each on its own,
// not the second of pictures that leads from a keyframe to them.
func TestValidationDecodesTheKeyframesAtAClipsEnds(t *testing.T) {
	dir := t.TempDir()
	makeVerifyClip(t, dir)
	cc := &countingClips{}
	o := Options{Styles: testStyles(t), Verify: VerifyHeaders, clipBackend: cc}
	if _, err := Validate(context.Background(), verifyClipProject(t), &FileResolver{Dir: dir}, o); err != nil {
		skipWithoutDecoder(t, err)
		t.Fatal(err)
	}
	want := []string{"keyframe 500ms", "keyframe 3.499999s"}
	if strings.Join(cc.calls, ", ") != strings.Join(want, ", ") {
		t.Errorf("validation read %q, want %q", cc.calls, want)
	}
}

// TestVerifyFullFindsAFaultInsideAClip: a clip whose picture 2 s in is
// garbage passes the check of its ends (VerifyHeaders: its keyframes
// decode) but fails VerifyFull, which decodes every played picture, with
// an *AssetError naming the clip before any frame is drawn.
func TestVerifyFullFindsAFaultInsideAClip(t *testing.T) {
	dir := t.TempDir()
	path := makeVerifyClip(t, dir)
	spoilPacket(t, path, 2*30+10)
	p, r := verifyClipProject(t), &FileResolver{Dir: dir}
	o := Options{Styles: testStyles(t), Verify: VerifyHeaders}
	if _, err := Validate(context.Background(), p, r, o); err != nil {
		skipWithoutDecoder(t, err)
		t.Fatalf("VerifyHeaders: %v (the clip's keyframes are whole)", err)
	}
	o.Verify = VerifyFull
	_, err := Validate(context.Background(), p, r, o)
	var ae *AssetError
	if !errors.As(err, &ae) || ae.Index != 1 {
		t.Fatalf("VerifyFull: %v, want an *AssetError for assets[1]", err)
	}
	t.Logf("VerifyFull: %v", err)
	if !strings.Contains(err.Error(), "decoding the picture at 2.") {
		t.Errorf("VerifyFull: %q does not say which picture", err)
	}
	// Whole clips pass VerifyFull, sound included.
	makeVerifyClip(t, dir)
	if _, err := Validate(context.Background(), p, r, o); err != nil {
		t.Errorf("VerifyFull of a whole clip: %v", err)
	}
}

// spoilPacket overwrites the payload of the video packet with index n (in
// decoding order, as ffprobe lists them) with bytes no decoder accepts,
// keeping its length prefix.
func spoilPacket(t *testing.T, path string, n int) {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "packet=pos,size", "-of", "compact=p=0", path).Output()
	if err != nil {
		t.Fatalf("ffprobe: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if n >= len(lines) {
		t.Fatalf("the clip has %d video packets, want more than %d", len(lines), n)
	}
	field := map[string]string{} // "size=900|pos=101700"
	for _, kv := range strings.Split(lines[n], "|") {
		k, v, _ := strings.Cut(kv, "=")
		field[k] = v
	}
	pos, err1 := strconv.ParseInt(field["pos"], 10, 64)
	size, err2 := strconv.Atoi(field["size"])
	if err1 != nil || err2 != nil || size < 16 {
		t.Fatalf("packet %d: %q", n, lines[n])
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := pos + 5; i < pos+int64(size); i++ { // past the 4-byte length and the NAL header
		b[i] = 0xff
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// skipWithoutDecoder skips when err says this machine has no decoder for
// the clip.
func skipWithoutDecoder(t *testing.T, err error) {
	t.Helper()
	if errors.Is(err, errNoClipSupport) || strings.Contains(err.Error(), "install the Debian package") {
		t.Skipf("no clip decoder here: %v", err)
	}
}
