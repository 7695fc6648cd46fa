package server

import (
	"errors"
	"net/http"

	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
)

// handleLogout: POST /logout revokes the token that authenticates it.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	t := tokenFrom(r.Context())
	if err := s.store.DeleteToken(r.Context(), t.Key); err != nil && !errors.Is(err, model.ErrNotFound) {
		s.writeError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"status": 200, "message": "Logged out"})
}
