package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestRunWritesClipAndThumbnail(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "clip.mp4")
	if err := run(context.Background(), path, 64, 36, 0.3, "ultrafast"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"clip.mp4", "clip.jpg"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
}
