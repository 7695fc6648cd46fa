package server

import (
	"fmt"

	"github.com/reelkit/reel/server/callback"
	"github.com/reelkit/reel/server/model"
)

// callbackFor is the app's callback for a finished job of v (failure ""
// means success), or nil when the app has no callback URL. The caller
// queues it in the transaction that finishes the job.
func (s *Server) callbackFor(v *model.Video, kind, failure string) *model.CallbackRequest {
	var app *App
	for i := range s.cfg.Apps {
		if s.cfg.Apps[i].ID == v.AppID {
			app = &s.cfg.Apps[i]
		}
	}
	if app == nil || app.CallbackURL == "" {
		return nil
	}
	b, err := callback.Body(v, kind, failure, app.ID, s.now(), publicLinks{s.baseURL()})
	if err != nil {
		s.log.Error("callback body", "video", v.ID, "err", err)
		return nil
	}
	return &model.CallbackRequest{URL: app.CallbackURL, Body: b, Attempts: s.cfg.CallbackAttempts}
}

// publicLinks are the public URLs under base of a video's files, as the
// video object and callbacks name them.
type publicLinks struct{ base string }

// Video is the /v/ download URL of v's rendition q.
func (l publicLinks) Video(v *model.Video, q int) string {
	return fmt.Sprintf("%s/v/%s/%s.mp4?quality=%d", l.base, v.ID, slug(v.Name), q)
}

// Thumbnail is the /t/ URL of the thumbnail of v's rendition q.
func (l publicLinks) Thumbnail(v *model.Video, q int) string {
	return fmt.Sprintf("%s/t/%s/%d.jpg", l.base, v.ID, q)
}
