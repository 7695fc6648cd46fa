package server

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/reelkit/reel/engine"
)

// videoObject is the seed's video object.
type videoObject struct {
	ID           string                `json:"id"`
	Name         string                `json:"name"`
	Status       string                `json:"status"`
	Style        string                `json:"style"`
	Quality      int                   `json:"quality"`
	Duration     float64               `json:"duration"`
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

func (s *Server) videoObject(r *http.Request, u *User, v *Video) videoObject {
	o := videoObject{
		ID: v.ID, Name: v.Name, Status: v.Status, Style: v.Style, Quality: v.Quality, Duration: round3(v.Duration),
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
	base := s.baseURL(r)
	if v.Status == StatusPublished && len(v.Renditions) > 0 {
		o.Video = map[string]fileObject{}
		o.Thumbnail = map[string]string{}
		for q, rd := range v.Renditions {
			k := strconv.Itoa(q)
			o.Video[k] = fileObject{URL: fmt.Sprintf("%s/v/%s/%s.mp4?quality=%d", base, v.ID, slug(v.Name), q), Size: rd.Size}
			if rd.ThumbBlob != "" {
				o.Thumbnail[k] = fmt.Sprintf("%s/t/%s/%d.jpg", base, v.ID, q)
			}
		}
	}
	if v.Preview != nil {
		o.Preview = map[string]fileObject{"144": {URL: fmt.Sprintf("%s/v/%s/%s.mp4?quality=144", base, v.ID, slug(v.Name)), Size: v.Preview.Size}}
	}
	if v.Status == StatusProcessing {
		p := round3(v.Progress)
		o.Progress = &p
	}
	if v.Status == StatusFailed {
		o.Reason = v.Error
	}
	return o
}

// videoUpdate is a parsed partial update; nil fields are left alone.
type videoUpdate struct {
	Name    *string
	Style   *string
	Quality *int
	Assets  []engine.Asset
	Credit  []engine.Credit
	hasA    bool
	hasC    bool
}

const (
	maxAssets  = 500
	maxCredits = 100
	maxNameLen = 200
	maxTextLen = 2000
)

// parseVideoUpdate reads name, style, quality, assets and credit from
// params. assets and credit may be JSON documents or JSON strings; quality
// 720 or "720"; captions in data.caption or data.text.
func parseVideoUpdate(p params) (*videoUpdate, error) {
	var u videoUpdate
	if name, ok, err := p.str("name"); err != nil {
		return nil, err
	} else if ok && !p.null("name") {
		name = strings.TrimSpace(name)
		if utf8.RuneCountInString(name) > maxNameLen {
			return nil, fieldError("name", fmt.Sprintf("longer than %d characters", maxNameLen))
		}
		u.Name = &name
	}
	if style, ok, err := p.str("style"); err != nil {
		return nil, err
	} else if ok && !p.null("style") {
		style = strings.TrimSpace(style)
		u.Style = &style
	}
	if q, ok, err := p.integer("quality"); err != nil {
		return nil, err
	} else if ok {
		if q == 0 {
			q = int(engine.DefaultQuality)
		}
		if q != 360 && q != 480 && q != 720 {
			return nil, fieldError("quality", "must be 360, 480 or 720")
		}
		u.Quality = &q
	}
	var assets []engine.Asset
	if ok, err := p.document("assets", &assets); err != nil {
		return nil, err
	} else if ok {
		assets, err = normalizeAssets(assets)
		if err != nil {
			return nil, err
		}
		u.Assets, u.hasA = assets, true
	}
	var credit []engine.Credit
	if ok, err := p.document("credit", &credit); err != nil {
		return nil, err
	} else if ok {
		if len(credit) > maxCredits {
			return nil, fieldError("credit", fmt.Sprintf("more than %d rows", maxCredits))
		}
		for _, c := range credit {
			if utf8.RuneCountInString(c[0])+utf8.RuneCountInString(c[1]) > maxTextLen {
				return nil, fieldError("credit", "row too long")
			}
		}
		u.Credit, u.hasC = credit, true
	}
	return &u, nil
}

// normalizeAssets checks kinds and sizes and stores captions in data.text,
// the seed's shape.
func normalizeAssets(in []engine.Asset) ([]engine.Asset, error) {
	if len(in) > maxAssets {
		return nil, fieldError("assets", fmt.Sprintf("more than %d assets", maxAssets))
	}
	out := make([]engine.Asset, 0, len(in))
	for i, a := range in {
		switch a.Name {
		case engine.KindImage:
			a.Data.Text, a.Data.Caption = a.Data.CaptionText(), ""
		case engine.KindText, engine.KindMusic:
		default:
			return nil, fieldError("assets", fmt.Sprintf("asset %d: name must be image, text or music, not %q", i+1, a.Name))
		}
		if a.URL != "" {
			return nil, fieldError("assets", fmt.Sprintf("asset %d: url assets are not supported: import the file first (POST /me/photos url=...) and use its asset_id", i+1))
		}
		if len(a.AssetID) > 100 || utf8.RuneCountInString(a.Data.Text)+utf8.RuneCountInString(a.Data.Title) > maxTextLen {
			return nil, fieldError("assets", fmt.Sprintf("asset %d: too long", i+1))
		}
		out = append(out, a)
	}
	return out, nil
}

// apply checks referenced ids against the user's photos and musics and
// applies the update to v.
func (s *Server) apply(r *http.Request, v *Video, u *videoUpdate) error {
	if u.Style != nil && *u.Style != "" {
		if _, ok := s.styles.Lookup(*u.Style); !ok {
			return fieldError("style", fmt.Sprintf("unknown style %q (GET /styles lists them)", *u.Style))
		}
	}
	if u.hasA {
		for i, a := range u.Assets {
			if a.AssetID == "" {
				continue
			}
			var err error
			switch a.Name {
			case engine.KindImage:
				_, err = s.store.Photo(r.Context(), v.UserID, a.AssetID)
			case engine.KindMusic:
				if _, _, ok := s.library.open(a.AssetID); !ok {
					_, err = s.store.Music(r.Context(), v.UserID, a.AssetID)
				}
			}
			if errors.Is(err, ErrNotFound) {
				return fieldError("assets", fmt.Sprintf("asset %d: %s %q not found", i+1, a.Name, a.AssetID))
			}
			if err != nil {
				return err
			}
		}
		v.Assets = u.Assets
	}
	if u.Name != nil {
		v.Name = *u.Name
	}
	if u.Style != nil {
		v.Style = *u.Style
	}
	if u.Quality != nil {
		v.Quality = *u.Quality
	}
	if u.hasC {
		v.Credit = u.Credit
	}
	v.ModifiedOn = s.now()
	return nil
}

// handleCreateVideo: POST /me/videos returns the caller's last draft
// (renamed when name is given) or a new one. Other fields of the update
// (style, quality, assets, credit) are applied too.
func (s *Server) handleCreateVideo(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	p, err := parseParams(w, r, s.cfg.MaxJSONBytes)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	up, err := parseVideoUpdate(p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.store.LastDraft(r.Context(), u.ID)
	isNew := errors.Is(err, ErrNotFound)
	if isNew {
		now := s.now()
		v = &Video{ID: newID(), UserID: u.ID, Status: StatusInitial, Quality: int(engine.DefaultQuality), CreatedOn: now, ModifiedOn: now}
	} else if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.apply(r, v, up); err != nil {
		s.writeError(w, r, err)
		return
	}
	if isNew {
		err = s.store.CreateVideo(r.Context(), v)
	} else {
		err = s.store.UpdateVideo(r.Context(), v)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.videoObject(r, u, v))
}

func (s *Server) userVideo(r *http.Request) (*User, *Video, error) {
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
	writeJSON(w, http.StatusOK, s.videoObject(r, u, v))
}

var errProcessing = &apiError{Status: http.StatusConflict, Code: 7201, Message: "Video is being created; wait until it is published or failed"}

// handleUpdateVideo: POST /me/videos/<id>, a partial update.
func (s *Server) handleUpdateVideo(w http.ResponseWriter, r *http.Request) {
	u, v, err := s.userVideo(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := parseParams(w, r, s.cfg.MaxJSONBytes)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	up, err := parseVideoUpdate(p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if v.Status == StatusProcessing {
		s.writeError(w, r, errProcessing)
		return
	}
	if err := s.apply(r, v, up); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.store.UpdateVideo(r.Context(), v); err != nil {
		s.writeError(w, r, notFoundErr("video", err))
		return
	}
	writeJSON(w, http.StatusOK, s.videoObject(r, u, v))
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
	s.cancelRender(v.ID)
	s.deleteFiles(r.Context(), v)
	writeJSON(w, http.StatusOK, map[string]string{"message": "Video deleted"})
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
	d := &Video{ID: newID(), UserID: u.ID, Status: StatusInitial, Name: v.Name, Style: v.Style, Quality: v.Quality,
		Assets: v.Assets, Credit: v.Credit, Tags: v.Tags, CreatedOn: now, ModifiedOn: now}
	if err := s.store.CreateVideo(r.Context(), d); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.videoObject(r, u, d))
}

// handleListVideos: GET /me/videos, newest first, keyset paging on
// (created_on, id). from (and from_id) pages towards older videos, to (and
// to_id) towards newer ones; next_url and prev_url carry both parts of
// the cursor so nothing is skipped or repeated within one second.
func (s *Server) handleListVideos(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	q := r.URL.Query()
	count := 15
	if c := q.Get("count"); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 1 {
			s.writeError(w, r, fieldError("count", "must be a positive integer"))
			return
		}
		count = min(n, 100)
	}
	page := VideoPage{Count: count + 1}
	for _, f := range []struct {
		key, idKey string
		t          **time.Time
		id         *string
	}{{"from", "from_id", &page.Before, &page.BeforeID}, {"to", "to_id", &page.After, &page.AfterID}} {
		if v := q.Get(f.key); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 || n > 1<<40 {
				s.writeError(w, r, fieldError(f.key, "must be unix seconds"))
				return
			}
			t := time.Unix(n, 0)
			*f.t = &t
			*f.id = q.Get(f.idKey)
		}
	}
	if page.Before != nil && page.After != nil {
		s.writeError(w, r, errorf(http.StatusBadRequest, "give from or to, not both"))
		return
	}
	vs, err := s.store.ListVideos(r.Context(), u.ID, page)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// One extra row tells whether there is more in the paging direction.
	moreOlder, moreNewer := false, page.Before != nil
	if len(vs) > count {
		if page.After != nil {
			vs = vs[1:] // ascending query: the extra row is the newest
			moreNewer = true
		} else {
			vs = vs[:count]
			moreOlder = true
		}
	}
	if page.After != nil {
		moreOlder = true
	}
	out := make([]videoObject, 0, len(vs))
	for _, v := range vs {
		out = append(out, s.videoObject(r, u, v))
	}
	var next, prev *string
	if len(vs) > 0 && moreOlder {
		last := vs[len(vs)-1]
		n := fmt.Sprintf("/me/videos?count=%d&from=%d&from_id=%s", count, last.CreatedOn.Unix(), last.ID)
		next = &n
	}
	if len(vs) > 0 && moreNewer {
		first := vs[0]
		p := fmt.Sprintf("/me/videos?count=%d&to=%d&to_id=%s", count, first.CreatedOn.Unix(), first.ID)
		prev = &p
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"paging": map[string]any{"count": count, "next_url": next, "prev_url": prev},
		"videos": out,
	})
}
