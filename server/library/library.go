package library

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/reelkit/reel/audio"
	"github.com/reelkit/reel/server/model"
)

//go:embed *.mp3
var files embed.FS

// tracks describes the embedded tracks; ids are stable across releases
// because projects refer to them. A track's Blob is "library/" + File.
var tracks = []struct{ ID, File, Title, Artist string }{
	{"lib-demo", "demo.mp3", "Reel demo", "reel"},
	{"lib-chords", "chords48k_stereo_vbr.mp3", "Four chords", "reel"},
}

// Library is the built-in music, probed once by Load; it is read-only,
// so any number of goroutines may use it.
type Library struct {
	byID  map[string]*model.Music
	order []*model.Music
	data  map[string][]byte
}

// Load reads and probes the embedded tracks.
func Load() (*Library, error) {
	l := &Library{byID: map[string]*model.Music{}, data: map[string][]byte{}}
	for _, t := range tracks {
		b, err := files.ReadFile(t.File)
		if err != nil {
			return nil, err
		}
		ct, secs, err := probe(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.File, err)
		}
		m := &model.Music{ID: t.ID, Blob: "library/" + t.File, ContentType: ct, Title: t.Title, Artist: t.Artist,
			Duration: secs, Size: int64(len(b)), CreatedOn: time.Unix(0, 0).UTC()}
		l.byID[t.ID] = m
		l.order = append(l.order, m)
		l.data[t.ID] = b
	}
	return l, nil
}

// Tracks lists the tracks in their GET /musics order (a copy; the
// records are shared and must not be changed).
func (l *Library) Tracks() []*model.Music { return slices.Clone(l.order) }

// Open returns track id's bytes and record; ok is false when id names no
// track of the library.
func (l *Library) Open(id string) (rd *bytes.Reader, m *model.Music, ok bool) {
	m, ok = l.byID[id]
	if !ok {
		return nil, nil, false
	}
	return bytes.NewReader(l.data[id]), m, true
}

// probe identifies an embedded track (audio.Probe) as the music upload
// check does: its content type and duration.
func probe(b []byte) (contentType string, seconds float64, err error) {
	info, err := audio.Probe(bytes.NewReader(b))
	if err != nil {
		return "", 0, err
	}
	if info.Duration <= 0 {
		return "", 0, errors.New("no audio")
	}
	contentType = "audio/mpeg"
	if info.Format == "wav" {
		contentType = "audio/wav"
	}
	return contentType, info.Duration, nil
}
