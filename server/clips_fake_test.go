package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"io"
	"testing"
	"time"
)

// fakeClips is a clip decoder double for the failures and limits this
// machine cannot produce with real files (a missing decoder library, an
// hour-long or 16K clip without writing one). A fake clip is the 8 bytes
// of an MP4's first box header ("....ftyp") followed by the JSON of its
// clipInfo; its frames are filled with one colour.
type fakeClips struct {
	frameErr error // FirstFrame's error, when set
}

// fakeClip makes a fake clip file of info.
func fakeClip(t testing.TB, info clipInfo) []byte {
	t.Helper()
	b, err := json.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte("\x00\x00\x00\x10ftyp"), b...)
}

func (fakeClips) read(r io.ReaderAt, size int64) (clipInfo, error) {
	b := make([]byte, size)
	if _, err := r.ReadAt(b, 0); err != nil && !errors.Is(err, io.EOF) {
		return clipInfo{}, err
	}
	if !bytes.HasPrefix(b, []byte("\x00\x00\x00\x10ftyp")) {
		return clipInfo{}, errClipUnsupported
	}
	var info clipInfo
	if err := json.Unmarshal(b[8:], &info); err != nil {
		return clipInfo{}, errors.New("moov box cut short")
	}
	return info, nil
}

func (f fakeClips) Probe(r io.ReaderAt, size int64) (clipInfo, error) { return f.read(r, size) }

func (f fakeClips) FirstFrame(ctx context.Context, r io.ReaderAt, size int64) (image.Image, error) {
	if f.frameErr != nil {
		return nil, f.frameErr
	}
	info, err := f.read(r, size)
	if err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, info.Width, info.Height))
	for i := 0; i < len(img.Pix); i += 4 {
		copy(img.Pix[i:], []byte{200, 40, 40, 255})
	}
	return img, nil
}

// withFakeClips puts the fake decoder in e's server.
func withFakeClips(e *testEnv, f fakeClips) *testEnv {
	e.srv.clips = f
	return e
}

var fakeInfo = clipInfo{Container: "mp4", Codec: "h264", Width: 1920, Height: 1080, Duration: 12500 * time.Millisecond, FrameRate: 29.97, HasAudio: true}

// red reports whether c is close to the fake frames' colour.
func red(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r>>8 > 170 && g>>8 < 80 && b>>8 < 80
}
