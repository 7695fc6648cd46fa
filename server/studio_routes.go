package server

import (
	"net/http"

	"github.com/reelkit/reel/server/studio"
)

// studioRoutes adds reel studio (the web page at "/"), its session routes
// and the live-preview routes it uses.
func (s *Server) studioRoutes(m *http.ServeMux) {
	page := studio.Handler()
	m.Handle("GET /{$}", page)
	m.Handle("GET "+studio.Prefix, page)
	m.HandleFunc("POST /studio/session", s.handleSessionLogin)
	m.HandleFunc("GET /studio/session", s.handleSessionGet)
	m.HandleFunc("DELETE /studio/session", s.handleSessionLogout)
	m.HandleFunc("GET /me/videos/{id}/frame.jpg", s.requireAuth(s.handleFrame))
	m.HandleFunc("GET /me/videos/{id}/timeline", s.requireAuth(s.handleTimeline))
}
