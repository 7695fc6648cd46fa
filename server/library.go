package server

import (
	"bytes"
	"embed"
	"fmt"
	"net/http"
	"time"

	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
)

//go:embed library/*.mp3
var libraryFS embed.FS

// libraryTracks describes the embedded tracks; ids are stable across
// releases because projects refer to them.
var libraryTracks = []struct{ ID, File, Title, Artist string }{
	{"lib-demo", "library/demo.mp3", "Reel demo", "reel"},
	{"lib-chords", "library/chords48k_stereo_vbr.mp3", "Four chords", "reel"},
}

// library is the built-in music, probed once at start.
type library struct {
	byID  map[string]*model.Music
	order []*model.Music
	data  map[string][]byte
}

func loadLibrary() (*library, error) {
	l := &library{byID: map[string]*model.Music{}, data: map[string][]byte{}}
	for _, t := range libraryTracks {
		b, err := libraryFS.ReadFile(t.File)
		if err != nil {
			return nil, err
		}
		info, err := probeAudio(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.File, err)
		}
		m := &model.Music{ID: t.ID, Blob: t.File, ContentType: info.ContentType, Title: t.Title, Artist: t.Artist,
			Duration: info.Duration, Size: int64(len(b)), CreatedOn: time.Unix(0, 0).UTC()}
		l.byID[t.ID] = m
		l.order = append(l.order, m)
		l.data[t.ID] = b
	}
	return l, nil
}

// handleLibrary: GET /musics, with or without auth.
func (s *Server) handleLibrary(w http.ResponseWriter, r *http.Request) {
	out := make([]musicObject, 0, len(s.library.order))
	for _, m := range s.library.order {
		out = append(out, s.musicObject(r, m))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"musics": out})
}

func (l *library) open(id string) (*bytes.Reader, *model.Music, bool) {
	m, ok := l.byID[id]
	if !ok {
		return nil, nil, false
	}
	return bytes.NewReader(l.data[id]), m, true
}
