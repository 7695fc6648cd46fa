package encode

import (
	"context"
	"path/filepath"
	"testing"
)

func TestSmoke(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.mp4")
	w, err := Create(path, VideoOptions{Width: 640, Height: 360}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 90 {
		fillSynthetic(w.Frame(), i)
		if err := w.WriteFrame(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	t.Log(path)
}
