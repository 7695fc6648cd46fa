package encode

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriterSinkFaststart: a faststart MP4 written to an io.Writer is the
// same file, byte for byte, as the one written to a path, and it reaches
// the Writer only in Close.
func TestWriterSinkFaststart(t *testing.T) {
	t.Parallel()
	c := encodePackets(t, VideoOptions{Width: 96, Height: 64}, 40, true)
	want, err := os.ReadFile(c.faststart(t))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	var buf bytes.Buffer
	m, err := NewSinkMuxer(Sink{Writer: &buf, TempDir: tmp}, c.cfg, c.audio)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.packets {
		if err := m.WriteVideo(p); err != nil {
			t.Fatal(err)
		}
	}
	if buf.Len() != 0 {
		t.Fatalf("%d bytes reached the Writer before Close", buf.Len())
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("writer sink gave %d bytes, path sink %d: not the same file", buf.Len(), len(want))
	}
	if names := dirNames(t, tmp); len(names) != 0 {
		t.Errorf("temporary files left in TempDir: %v", names)
	}
}

// TestWriterSinkAbort: an aborted faststart muxer has written nothing to
// its Writer and left nothing in TempDir.
func TestWriterSinkAbort(t *testing.T) {
	t.Parallel()
	c := encodePackets(t, VideoOptions{Width: 64, Height: 64}, 10, false)
	tmp := t.TempDir()
	var buf bytes.Buffer
	m, err := NewSinkMuxer(Sink{Writer: &buf, TempDir: tmp}, c.cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.packets {
		if err := m.WriteVideo(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Abort(); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 0 || len(dirNames(t, tmp)) != 0 {
		t.Fatalf("after Abort: %d bytes written, TempDir holds %v", buf.Len(), dirNames(t, tmp))
	}
}

// failingWriter accepts n bytes, then fails.
type failingWriter struct{ n int }

var errDiskFull = errors.New("disk full")

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k := f.n
		f.n = 0
		return k, errDiskFull
	}
	f.n -= len(p)
	return len(p), nil
}

// TestSinkErrors: bad sinks are refused up front, a failing Writer's error
// comes back wrapped, and no error names an internal temporary file.
func TestSinkErrors(t *testing.T) {
	t.Parallel()
	c := encodePackets(t, VideoOptions{Width: 64, Height: 64}, 70, true)
	missing := filepath.Join(t.TempDir(), "no", "such", "dir")
	for _, tc := range []struct {
		name string
		sink Sink
		want string
	}{
		{"empty", Sink{}, "exactly one of Path and Writer"},
		{"both", Sink{Path: "x.mp4", Writer: &bytes.Buffer{}}, "exactly one of Path and Writer"},
		{"fragmented path", Sink{Path: "x.mp4", Fragmented: true}, "fragmented MP4 needs a Writer"},
		{"fragmented without writer", Sink{Fragmented: true}, "exactly one"},
		{"negative frames", Sink{Writer: &bytes.Buffer{}, Fragmented: true, Frames: -1}, "expected frames"},
		{"missing folder", Sink{Path: filepath.Join(missing, "out.mp4")}, "cannot create the temporary video file in " + missing + ": no such file or directory (writing " + filepath.Join(missing, "out.mp4") + ")"},
		{"missing TempDir", Sink{Writer: &bytes.Buffer{}, TempDir: missing}, "cannot create the temporary video file in " + missing + ": no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewSinkMuxer(tc.sink, c.cfg, c.audio)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			checkNoTempNames(t, err)
		})
	}
	for _, frag := range []bool{false, true} {
		fw := &failingWriter{n: 1000}
		m, err := NewSinkMuxer(Sink{Writer: fw, Fragmented: frag, TempDir: t.TempDir()}, c.cfg, c.audio)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range c.packets {
			if err = m.WriteVideo(p); err != nil {
				break
			}
		}
		if err == nil {
			err = m.Close()
		}
		if !errors.Is(err, errDiskFull) {
			t.Errorf("fragmented %v: error %v, want the Writer's", frag, err)
		}
		m.Abort()
	}
}

// TestPathSinkMoveFails: when the finished file cannot be renamed into
// place (a directory is in the way), the error names the target and
// nothing is left behind.
func TestPathSinkMoveFails(t *testing.T) {
	t.Parallel()
	c := encodePackets(t, VideoOptions{Width: 64, Height: 64}, 10, false)
	dir := t.TempDir()
	target := filepath.Join(dir, "out.mp4")
	if err := os.MkdirAll(filepath.Join(target, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	m, err := NewMuxer(target, c.cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.packets {
		if err := m.WriteVideo(p); err != nil {
			t.Fatal(err)
		}
	}
	err = m.Close()
	if err == nil || !strings.Contains(err.Error(), "cannot move the finished file to "+target) {
		t.Fatalf("error %v", err)
	}
	checkNoTempNames(t, err)
	if names := dirNames(t, dir); len(names) != 1 || names[0] != "out.mp4" {
		t.Errorf("directory holds %v, want only the directory out.mp4", names)
	}
}

func checkNoTempNames(t *testing.T, err error) {
	t.Helper()
	for _, leak := range []string{".h264", ".part", "reel-"} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("error %q names a temporary file (%q)", err, leak)
		}
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}
