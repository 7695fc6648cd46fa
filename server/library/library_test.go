package library

import (
	"io"
	"testing"
)

// TestLoad: every embedded track loads with its probed type and
// duration, in the listed order, and opens by id; another id does not.
func TestLoad(t *testing.T) {
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	ts := l.Tracks()
	if len(ts) != len(tracks) {
		t.Fatalf("%d tracks, want %d", len(ts), len(tracks))
	}
	for i, m := range ts {
		if m.ID != tracks[i].ID || m.ContentType != "audio/mpeg" || m.Duration <= 0 || m.Blob != "library/"+tracks[i].File {
			t.Errorf("track %d: %+v", i, m)
		}
		rd, got, ok := l.Open(m.ID)
		if !ok || got != m {
			t.Fatalf("Open(%q): %v %v", m.ID, got, ok)
		}
		if b, _ := io.ReadAll(rd); int64(len(b)) != m.Size {
			t.Errorf("Open(%q): %d bytes, want %d", m.ID, len(b), m.Size)
		}
	}
	if _, _, ok := l.Open("lib-none"); ok {
		t.Error("Open of an unknown id succeeded")
	}
}
