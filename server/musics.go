package server

import (
	"context"
	"encoding/hex"
	"io"
	"net/http"
	"strings"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
)

// musicObject is the seed's music shape.
type musicObject struct {
	ID         string  `json:"id"`
	Title      string  `json:"title"`
	Artist     string  `json:"artist"`
	Duration   float64 `json:"duration"`
	URL        string  `json:"url"`
	PreviewURL string  `json:"preview_url"`
}

var musicExt = map[string]string{"audio/mpeg": "mp3", "audio/wav": "wav"}

func (s *Server) musicObject(r *http.Request, m *model.Music) musicObject {
	u := s.baseURL() + "/f/musics/" + m.ID + "." + musicExt[m.ContentType]
	return musicObject{ID: m.ID, Title: m.Title, Artist: m.Artist, Duration: round3(m.Duration), URL: u, PreviewURL: u}
}

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }

// handlePutMusic: PUT /me/musics with the raw MP3 or WAV as the body.
// Music-Title and Music-Artist headers win over the file's ID3 tags;
// without either the title is "Untitled".
func (s *Server) handlePutMusic(w http.ResponseWriter, r *http.Request) {
	sp, err := s.spoolBody(w, r, s.cfg.MaxMusicBytes)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer sp.Close()
	info, err := probeAudioFile(sp, sp.head)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	title := firstNonEmpty(r.Header.Get("Music-Title"), info.Title, "Untitled")
	artist := firstNonEmpty(r.Header.Get("Music-Artist"), info.Artist, "Unknown")
	m := &model.Music{ID: auth.NewID(), UserID: userFrom(r.Context()).ID, ContentType: info.ContentType,
		Title: clip(title, 200), Artist: clip(artist, 200), Duration: info.Duration, Size: sp.size,
		SHA256: hex.EncodeToString(sp.sum[:]), CreatedOn: s.now()}
	m.Blob = "musics/" + m.ID + "." + musicExt[m.ContentType]
	// The row first: it checks the quota and finds an identical upload
	// in the same transaction, before any byte is kept.
	got, err := s.store.CreateMusic(r.Context(), m, s.cfg.StorageQuota)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if got.ID == m.ID {
		_, err := sp.Seek(0, io.SeekStart)
		if err == nil {
			_, err = s.blobs.Put(r.Context(), m.Blob, sp)
		}
		if err != nil {
			s.store.DeleteMusic(context.WithoutCancel(r.Context()), m.UserID, m.ID)
			s.writeError(w, r, err)
			return
		}
	}
	m = got
	httpx.WriteJSON(w, http.StatusOK, s.musicObject(r, m))
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// handleLibrary: GET /musics, with or without auth.
func (s *Server) handleLibrary(w http.ResponseWriter, r *http.Request) {
	tracks := s.library.Tracks()
	out := make([]musicObject, 0, len(tracks))
	for _, m := range tracks {
		out = append(out, s.musicObject(r, m))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"musics": out})
}

func (s *Server) handleListMusics(w http.ResponseWriter, r *http.Request) {
	ms, err := s.store.ListMusics(r.Context(), userFrom(r.Context()).ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]musicObject, 0, len(ms))
	for _, m := range ms {
		out = append(out, s.musicObject(r, m))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"musics": out})
}

func (s *Server) handleGetMusic(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, m, ok := s.library.Open(id); ok {
		httpx.WriteJSON(w, http.StatusOK, s.musicObject(r, m))
		return
	}
	m, err := s.store.Music(r.Context(), userFrom(r.Context()).ID, id)
	if err != nil {
		s.writeError(w, r, notFoundErr("music", err))
		return
	}
	httpx.WriteJSON(w, http.StatusOK, s.musicObject(r, m))
}

func (s *Server) handleDeleteMusic(w http.ResponseWriter, r *http.Request) {
	uid := userFrom(r.Context()).ID
	m, err := s.store.Music(r.Context(), uid, r.PathValue("id"))
	if err == nil {
		err = s.store.DeleteMusic(r.Context(), uid, m.ID)
	}
	if err != nil {
		s.writeError(w, r, notFoundErr("music", err))
		return
	}
	s.blobs.Delete(r.Context(), m.Blob)
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"status": 200, "message": "Music deleted successfully"})
}

// handleMusicFile: GET /f/musics/<id>.<ext>, public.
func (s *Server) handleMusicFile(w http.ResponseWriter, r *http.Request) {
	id, ext, _ := strings.Cut(r.PathValue("file"), ".")
	if rd, m, ok := s.library.Open(id); ok && ext == musicExt[m.ContentType] {
		httpx.ServeContent(w, r, "library/"+id, m.ContentType, m.CreatedOn, rd.Size(), rd, s.writeError)
		return
	}
	m, err := s.store.MusicByID(r.Context(), id)
	if err == nil && ext != musicExt[m.ContentType] {
		err = model.ErrNotFound // the extension must be the file's own
	}
	if err != nil {
		s.writeError(w, r, notFoundErr("music", err))
		return
	}
	s.serveBlob(w, r, m.Blob, m.ContentType)
}
