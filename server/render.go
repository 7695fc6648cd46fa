package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/render"
)

// renderAccepted is the seed's answer to a render request.
type renderAccepted struct {
	Message string `json:"message"`
	Status  int    `json:"status"`
}

// handleRender: POST /me/videos/<id>/render validates the project (74xx
// codes as HTTP 400), takes a render credit (7405) and queues the job.
func (s *Server) handleRender(w http.ResponseWriter, r *http.Request) {
	s.enqueueJob(w, r, model.JobRender)
}

// handlePreview: POST /me/videos/<id>/preview queues a 144p preview; it
// takes no credit and does not change the video's status.
func (s *Server) handlePreview(w http.ResponseWriter, r *http.Request) {
	s.enqueueJob(w, r, model.JobPreview)
}

func (s *Server) enqueueJob(w http.ResponseWriter, r *http.Request, kind string) {
	u, v, err := s.userVideo(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	msg := "Video is being created"
	if kind == model.JobPreview {
		msg = "Preview is being created"
	}
	if v.Status == model.StatusProcessing && kind == model.JobRender {
		httpx.WriteJSON(w, http.StatusOK, renderAccepted{Message: msg, Status: 7201})
		return
	}
	if s.cfg.Renderer == nil {
		s.writeError(w, r, httpx.Errorf(http.StatusServiceUnavailable, "rendering is not configured on this server"))
		return
	}
	// The files first: the engine's validation opens clips, and a
	// deleted one is 7403 like a deleted photo, not a bare 400.
	if err := s.checkAssetFiles(r, u.ID, v); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.cfg.Renderer.Validate(r.Context(), render.Project(v), s.assets.Resolver(u.ID)); err != nil {
		var se *engine.StatusError
		if errors.As(err, &se) {
			s.writeError(w, r, &httpx.Error{Status: http.StatusBadRequest, Code: se.Code, Message: se.Message, Err: err})
			return
		}
		s.writeError(w, r, &httpx.Error{Status: http.StatusBadRequest, Message: err.Error(), Err: err})
		return
	}
	appID := ""
	if t := tokenFrom(r.Context()); t != nil {
		appID = t.AppID
	}
	_, err = s.store.Enqueue(r.Context(), model.JobRequest{UserID: u.ID, VideoID: v.ID, AppID: appID, Kind: kind,
		Now: s.now(), MaxQueued: s.cfg.MaxQueuedJobs})
	switch {
	case err == nil:
		// River notifies the workers (PostgreSQL LISTEN/NOTIFY, SQLite's
		// notification table) of the insert.
	case errors.Is(err, model.ErrAlreadyQueued):
		// A duplicate request: the job it asks for exists; nothing is
		// charged or queued again.
	case errors.Is(err, model.ErrQueueFull):
		w.Header().Set("Retry-After", strconv.Itoa(int(s.cfg.QueueRetryAfter.Seconds())))
		s.writeError(w, r, &httpx.Error{Status: http.StatusTooManyRequests,
			Message: fmt.Sprintf("too many queued jobs: at most %d may wait per user; retry when one has started", s.cfg.MaxQueuedJobs), Err: err})
		return
	case errors.Is(err, model.ErrNoCredits):
		s.writeError(w, r, &httpx.Error{Status: http.StatusBadRequest, Code: engine.CodeInsufficientCredits, Message: "Insufficient credits amount", Err: err})
		return
	default:
		s.writeError(w, r, notFoundErr("video", err))
		return
	}
	httpx.WriteJSON(w, http.StatusOK, renderAccepted{Message: msg, Status: 7201})
}

// checkAssetFiles refuses (7403) a project whose image and logo assets
// do not all name one of the user's photos, or whose video assets do not
// all name one of the user's clips: a file deleted after it was added
// would otherwise pass validation, take a credit and fail in the worker.
func (s *Server) checkAssetFiles(r *http.Request, userID string, v *model.Video) error {
	for i, a := range v.Assets {
		if a.Kind != engine.KindImage && a.Kind != engine.KindLogo && a.Kind != kindVideo {
			continue
		}
		err := model.ErrNotFound
		if a.AssetID != "" && a.Kind == kindVideo {
			_, err = s.store.Clip(r.Context(), userID, a.AssetID)
		} else if a.AssetID != "" {
			_, err = s.store.Photo(r.Context(), userID, a.AssetID)
		}
		if errors.Is(err, model.ErrNotFound) {
			kind := "Image"
			switch a.Kind {
			case engine.KindLogo:
				kind = "Logo"
			case kindVideo:
				kind = "Video clip"
			}
			msg := fmt.Sprintf("%s %d (%q) cannot be found: it was deleted or never uploaded", kind, i+1, a.AssetID)
			return &httpx.Error{Status: http.StatusBadRequest, Code: engine.CodeInsufficientAssets, Message: msg, Err: err}
		}
		if err != nil {
			return err
		}
	}
	return nil
}
