package server

import (
	"net/http"

	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/studio"
)

// studioRoutes adds reel studio (the web page at "/"), its session routes
// and the live-preview routes it uses.
func (s *Server) studioRoutes(m *http.ServeMux) {
	page := studio.Handler(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, httpx.Errorf(http.StatusNotFound, "no such studio file"))
	})
	m.Handle("GET /{$}", page)
	m.Handle("GET "+studio.Prefix, page)
	m.HandleFunc("POST /studio/session", s.handleSessionLogin)
	m.HandleFunc("GET /studio/session", s.handleSessionGet)
	m.HandleFunc("DELETE /studio/session", s.handleSessionLogout)
	m.HandleFunc("POST /studio/signup", s.handleSignup)
	m.HandleFunc("GET /me/videos/{id}/frame.jpg", s.requireAuth(s.handleFrame))
	m.HandleFunc("GET /me/videos/{id}/timeline", s.requireAuth(s.handleTimeline))
	m.HandleFunc("GET /me/videos/{id}/preview.mp4", s.requireAuth(s.handlePreviewStream))
	m.HandleFunc("GET /me/musics/{id}/waveform", s.requireAuth(s.handleWaveform))
}
