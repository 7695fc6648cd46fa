package server

import (
	"errors"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/styles"
)

// videoObject is the seed's video object.
type videoObject struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Status  string `json:"status"`
	Style   string `json:"style"`
	Quality int    `json:"quality"`
	// Aspect is reel's extension: the frame shape of the renditions, present
	// only when the client set one, so Picovico clients see their object.
	Aspect string `json:"aspect,omitempty"`
	// Duration is whole seconds (rounded), as in the seed's examples and
	// typed Picovico clients.
	Duration     int                   `json:"duration"`
	Assets       []engine.Asset        `json:"assets"`
	Credit       []engine.Credit       `json:"credit"`
	Tags         []string              `json:"tags"`
	Owner        userObject            `json:"owner"`
	Video        map[string]fileObject `json:"video"`
	Thumbnail    map[string]string     `json:"thumbnail"`
	Preview      map[string]fileObject `json:"preview,omitempty"`
	CreatedOn    int64                 `json:"created_on"`
	ModifiedOn   int64                 `json:"modified_on"`
	View         int64                 `json:"view"`
	CommentCount int                   `json:"comment_count"`
	// Progress (0..100) is present while the video is processing.
	Progress *float64 `json:"progress,omitempty"`
	// Reason says why a failed render failed.
	Reason string `json:"reason,omitempty"`
	// LastRenderError says why the latest re-render of a published video
	// failed; the video keeps its previous renditions.
	LastRenderError string `json:"last_render_error,omitempty"`
	// Warnings are what the last successful render reported without
	// failing (e.g. characters no font has, drawn as boxes).
	Warnings []string `json:"warnings,omitempty"`
}

type fileObject struct {
	URL  string `json:"url"`
	Size int64  `json:"size"`
}

var slugRe = regexp.MustCompile(`[^a-z0-9]+`)

// slug is the file name used in /v/ URLs.
func slug(name string) string {
	s := strings.Trim(slugRe.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if len(s) > 60 {
		s = strings.Trim(s[:60], "-")
	}
	if s == "" {
		s = "video"
	}
	return s
}

func (s *Server) videoObject(r *http.Request, u *model.User, v *model.Video) videoObject {
	o := videoObject{
		ID: v.ID, Name: v.Name, Status: v.Status, Style: v.Style, Quality: v.Quality, Aspect: v.Aspect, Duration: int(math.Round(v.Duration)),
		Assets: v.Assets, Credit: v.Credit, Tags: v.Tags, Owner: owner(u),
		CreatedOn: v.CreatedOn.Unix(), ModifiedOn: v.ModifiedOn.Unix(), View: v.View,
	}
	if o.Assets == nil {
		o.Assets = []engine.Asset{}
	}
	if o.Credit == nil {
		o.Credit = []engine.Credit{}
	}
	if o.Tags == nil {
		o.Tags = []string{}
	}
	links := publicLinks{s.baseURL()}
	// A video being rendered again still lists (and serves) its previous
	// renditions until the new ones replace them.
	if hasFiles(v) {
		o.Video = map[string]fileObject{}
		o.Thumbnail = map[string]string{}
		for q, rd := range v.Renditions {
			k := strconv.Itoa(q)
			o.Video[k] = fileObject{URL: links.Video(v, q), Size: rd.Size}
			if rd.ThumbBlob != "" {
				o.Thumbnail[k] = links.Thumbnail(v, q)
			}
		}
	}
	if v.Preview != nil {
		o.Preview = map[string]fileObject{"144": {URL: links.Video(v, 144), Size: v.Preview.Size}}
	}
	if v.Status == model.StatusProcessing {
		p := round3(v.Progress)
		o.Progress = &p
	}
	if v.Status == model.StatusFailed {
		o.Reason = v.Error
	}
	if v.Status == model.StatusPublished {
		o.LastRenderError = v.Error
	}
	if hasFiles(v) {
		o.Warnings = v.Warnings
	}
	return o
}

// hasFiles reports whether v has renditions to serve: it is published, or
// a published video being rendered again.
func hasFiles(v *model.Video) bool {
	return len(v.Renditions) > 0 && (v.Status == model.StatusPublished || v.Status == model.StatusProcessing)
}

// handleCreateVideo: POST /me/videos returns the caller's last draft
// (renamed when name is given) or a new one. Other fields of the update
// (style, quality, assets, credit) are applied too.
func (s *Server) handleCreateVideo(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	p, err := httpx.ParseParams(w, r, s.cfg.MaxJSONBytes)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	up, err := parseVideoUpdate(p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// A draft queued for rendering between our read and write is no
	// longer a draft (ErrConflict): look again.
	for attempt := 0; ; attempt++ {
		v, err := s.store.LastDraft(r.Context(), u.ID)
		isNew := errors.Is(err, model.ErrNotFound)
		if isNew {
			now := s.now()
			v = &model.Video{ID: auth.NewID(), UserID: u.ID, Status: model.StatusInitial, Style: styles.DefaultName, Quality: int(engine.DefaultQuality), CreatedOn: now, ModifiedOn: now}
		} else if err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := s.apply(r, v, up); err != nil {
			s.writeError(w, r, err)
			return
		}
		if len(v.Renditions) == 0 {
			v.Duration = s.plannedDuration(r.Context(), v)
		}
		if isNew {
			err = s.store.CreateVideo(r.Context(), v)
		} else {
			err = s.store.UpdateVideo(r.Context(), v)
		}
		if errors.Is(err, model.ErrConflict) && attempt < 3 {
			continue
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		httpx.WriteJSON(w, http.StatusOK, s.videoObject(r, u, v))
		return
	}
}

func (s *Server) userVideo(r *http.Request) (*model.User, *model.Video, error) {
	u := userFrom(r.Context())
	v, err := s.store.Video(r.Context(), u.ID, r.PathValue("id"))
	if err != nil {
		return nil, nil, notFoundErr("video", err)
	}
	return u, v, nil
}

func (s *Server) handleGetVideo(w http.ResponseWriter, r *http.Request) {
	u, v, err := s.userVideo(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, s.videoObject(r, u, v))
}

// errProcessing answers a change to a video that is processing: HTTP 409
// with reel's code 7202 ("video is being processed"; 7201 only ever means
// "render accepted").
var errProcessing = &httpx.Error{Status: http.StatusConflict, Code: 7202, Message: "Video is being created; wait until it is published or failed"}

// handleUpdateVideo: POST /me/videos/<id>, a partial update.
func (s *Server) handleUpdateVideo(w http.ResponseWriter, r *http.Request) {
	u, v, err := s.userVideo(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := httpx.ParseParams(w, r, s.cfg.MaxJSONBytes)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	up, err := parseVideoUpdate(p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if v.Status == model.StatusProcessing {
		s.writeError(w, r, errProcessing)
		return
	}
	if err := s.apply(r, v, up); err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(v.Renditions) == 0 {
		// Not rendered yet: its duration is the plan's, as /timeline
		// shows it (a rendered video keeps its files' duration).
		v.Duration = s.plannedDuration(r.Context(), v)
	}
	if err := s.store.UpdateVideo(r.Context(), v); err != nil {
		if errors.Is(err, model.ErrConflict) { // a render was queued meanwhile
			err = errProcessing
		}
		s.writeError(w, r, notFoundErr("video", err))
		return
	}
	httpx.WriteJSON(w, http.StatusOK, s.videoObject(r, u, v))
}

// handleDeleteVideo: DELETE /me/videos/<id> cancels a running render and
// removes the video and its files.
func (s *Server) handleDeleteVideo(w http.ResponseWriter, r *http.Request) {
	_, v, err := s.userVideo(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.store.DeleteVideo(r.Context(), v.UserID, v.ID); err != nil {
		s.writeError(w, r, notFoundErr("video", err))
		return
	}
	s.worker.Cancel(v.ID)
	s.worker.DeleteFiles(r.Context(), v)
	httpx.WriteJSON(w, http.StatusOK, map[string]string{"message": "Video deleted"})
}

// handleDuplicate: POST /me/videos/<id>/duplicate makes a new draft with
// the same name, style, quality, assets and credit.
func (s *Server) handleDuplicate(w http.ResponseWriter, r *http.Request) {
	u, v, err := s.userVideo(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.now()
	d := &model.Video{ID: auth.NewID(), UserID: u.ID, Status: model.StatusInitial, Name: v.Name, Style: v.Style, Quality: v.Quality, Aspect: v.Aspect,
		Assets: v.Assets, Credit: v.Credit, Tags: v.Tags, CreatedOn: now, ModifiedOn: now}
	if err := s.store.CreateVideo(r.Context(), d); err != nil {
		s.writeError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, s.videoObject(r, u, d))
}
