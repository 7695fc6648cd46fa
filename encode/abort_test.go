package encode

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestNothingLeftBehind checks that every way of not finishing a Writer
// leaves the directory empty, and that finishing leaves exactly the file.
func TestNothingLeftBehind(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		frames int
		cancel bool // cancel the context before the last frame
		finish func(w *Writer) error
		want   error // from finish (nil = any error accepted)
	}{
		{"abort", 10, false, (*Writer).Abort, nil},
		{"abort twice", 10, false, func(w *Writer) error { w.Abort(); return w.Abort() }, nil},
		{"cancelled", 10, true, (*Writer).Abort, nil},
		{"close without frames", 0, false, (*Writer).Close, nil},
		{"abort without frames", 0, false, (*Writer).Abort, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.mp4")
			w, err := Create(path, VideoOptions{Width: 128, Height: 72}, nil)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			for i := range tc.frames {
				if tc.cancel && i == tc.frames-1 {
					cancel()
				}
				fillSynthetic(w.Frame(), i)
				err := w.WriteFrame(ctx)
				if tc.cancel && i == tc.frames-1 {
					if !errors.Is(err, context.Canceled) {
						t.Fatalf("WriteFrame after cancel: %v, want context.Canceled", err)
					}
				} else if err != nil {
					t.Fatal(err)
				}
			}
			err = tc.finish(w)
			if tc.name == "close without frames" && err == nil {
				t.Error("Close with no frames succeeded")
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("left behind: %v", entries)
			}
		})
	}
}

func TestCloseLeavesOnlyTheFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "out.mp4")
	w, err := Create(path, VideoOptions{Width: 128, Height: 72}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		fillSynthetic(w.Frame(), i)
		if err := w.WriteFrame(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("target exists before Close: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "out.mp4" {
		t.Errorf("directory holds %v, want only out.mp4", entries)
	}
	if err := w.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
	if err := w.WriteFrame(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("WriteFrame after Close: %v, want ErrClosed", err)
	}
	if err := w.Abort(); err != nil {
		t.Errorf("Abort after Close: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("Abort after a successful Close removed the file: %v", err)
	}
}

func TestCreateInMissingDirectory(t *testing.T) {
	t.Parallel()
	_, err := Create(filepath.Join(t.TempDir(), "no", "such", "dir", "out.mp4"), VideoOptions{Width: 64, Height: 64}, nil)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Create in a missing directory: %v, want os.ErrNotExist", err)
	}
}
