package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"image/jpeg"
	"net/http"
	"slices"
	"strconv"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/render"
)

// Live preview for the studio: GET /me/videos/{id}/frame.jpg?t=SECONDS
// draws the frame shown at t with the engine (FrameRenderer), as a 360p
// JPEG by default in the video's aspect, and GET /me/videos/{id}/timeline gives the duration and
// slide times the preview slider spans. Frames are cached by content (the
// user, the project as the engine sees it, the quality and the frame
// index), so editing a caption invalidates exactly the frames that can
// change and scrubbing back over the same frames costs nothing.

const (
	// frameCacheBytes bounds the cached JPEGs: 15-40 KB each at 360p
	// (about 500 frames), 150-400 KB at 1080p (about 50).
	frameCacheBytes  = 16 << 20
	frameJPEGQuality = 82
	// frameConcurrency bounds frames drawn at once, so scrubbing cannot
	// starve the render workers.
	frameConcurrency = 2
)

// frameCache is an LRU of encoded preview frames (JPEG bytes by frameKey)
// plus the semaphore that bounds frames drawn at once.
type frameCache struct {
	*lru[[32]byte, []byte]
	sem chan struct{}
}

func newFrameCache() *frameCache {
	return &frameCache{lru: newLRU[[32]byte, []byte](frameCacheBytes, func(b []byte) int64 { return int64(len(b)) }), sem: make(chan struct{}, frameConcurrency)}
}

// frameKey names one frame of one user's project at one quality.
func frameKey(userID string, p *engine.Project, frame int) ([32]byte, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return [32]byte{}, err
	}
	h := sha256.New()
	h.Write([]byte(userID))
	h.Write([]byte{0})
	h.Write(b)
	h.Write([]byte{0})
	h.Write(strconv.AppendInt(nil, int64(frame), 10))
	var k [32]byte
	h.Sum(k[:0])
	return k, nil
}

// previewProject is v's project at the preview quality q: a copy, so the
// stored video is not touched. A project without music yet borrows the
// first library track, so the person sees the preview before choosing a
// soundtrack (the renderer requires music, 7402, which the render itself
// still enforces); in beat-synced styles that track's beats place the
// cuts until music is chosen. Its clips play to their stored lengths
// (see render.WithClipLengths).
func (s *Server) previewProject(ctx context.Context, v *model.Video, q engine.Quality) *engine.Project {
	p := render.Project(v)
	p.Quality = q
	render.WithClipLengths(ctx, s.store, v.UserID, p)
	hasMusic := false
	for _, a := range p.Assets {
		hasMusic = hasMusic || a.Kind == engine.KindMusic
	}
	if tracks := s.library.Tracks(); !hasMusic && len(tracks) > 0 {
		p.Assets = append(slices.Clip(p.Assets), engine.Asset{Kind: engine.KindMusic, AssetID: tracks[0].ID})
	}
	return p
}

// previewQuality parses the quality parameter (default 360); the frame
// takes the video's aspect, so a 9:16 video's 360 is 360x640.
func previewQuality(r *http.Request) (engine.Quality, error) {
	s := r.URL.Query().Get("quality")
	if s == "" {
		return engine.Quality360, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || (n != 360 && n != 480 && n != 720 && n != 1080) {
		return 0, httpx.Errorf(http.StatusBadRequest, "quality: want 360, 480, 720 or 1080")
	}
	return engine.Quality(n), nil
}

// planError maps a validation failure to a 400 carrying its Picovico code.
func planError(err error) error {
	var se *engine.StatusError
	if errors.As(err, &se) {
		return &httpx.Error{Status: http.StatusBadRequest, Code: se.Code, Message: se.Message, Err: err}
	}
	return &httpx.Error{Status: http.StatusBadRequest, Message: err.Error(), Err: err}
}

// plannedDuration is the seconds v's project would last, planned as
// /timeline plans it (no asset read); 0 when it cannot be planned yet.
func (s *Server) plannedDuration(ctx context.Context, v *model.Video) float64 {
	pl, err := engine.Validate(ctx, s.previewProject(ctx, v, engine.Quality360), nil, s.planOptions())
	if err != nil {
		return 0
	}
	return pl.Duration()
}

// timelineSlide is one slide of GET /me/videos/{id}/timeline.
type timelineSlide struct {
	Kind       string  `json:"kind"`        // title, photo, text or credits
	AssetIndex int     `json:"asset_index"` // index in assets, -1 for cards
	Start      float64 `json:"start"`       // seconds, incoming transition included
	End        float64 `json:"end"`
}

// handleTimeline: GET /me/videos/{id}/timeline plans the project (no
// asset is read) and answers {"duration", "frame_rate", "slides"}; an
// invalid project is a 400 with its 74xx code.
func (s *Server) handleTimeline(w http.ResponseWriter, r *http.Request) {
	_, v, err := s.userVideo(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pl, err := engine.Validate(r.Context(), s.previewProject(r.Context(), v, engine.Quality360), nil, s.planOptions())
	if err != nil {
		s.writeError(w, r, planError(err))
		return
	}
	slides := make([]timelineSlide, 0, len(pl.Slides))
	for _, sl := range pl.Slides {
		slides = append(slides, timelineSlide{Kind: sl.Kind.String(), AssetIndex: sl.AssetIndex,
			Start: round3(pl.Seconds(sl.StartFrame)), End: round3(pl.Seconds(sl.EndFrame()))})
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"duration": round3(pl.Duration()), "frame_rate": pl.FrameRate.Float(), "slides": slides})
}

// handleFrame: GET /me/videos/{id}/frame.jpg?t=SECONDS[&quality=360]
// (360, 480, 720 or 1080: the short side of the video's aspect)
// [&style=NAME] (draw the draft in another style: the studio's style
// gallery; a draft that does not fit that style is redirected to the
// style's stock thumbnail) [&at=photo] (instead of t: the middle of the
// first photo slide)
// answers the JPEG of the frame shown at t (clamped to the video), drawn
// by the engine from the video's current, unrendered project.
func (s *Server) handleFrame(w http.ResponseWriter, r *http.Request) {
	u, v, err := s.userVideo(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	fr, ok := s.cfg.Renderer.(render.FrameRenderer)
	if !ok {
		s.writeError(w, r, httpx.Errorf(http.StatusServiceUnavailable, "frame preview is not available on this server"))
		return
	}
	query := r.URL.Query()
	atPhoto := query.Get("at") == "photo"
	t, err := strconv.ParseFloat(query.Get("t"), 64)
	if atPhoto && query.Get("t") == "" {
		t, err = 0, nil
	}
	if err != nil || t != t || t < 0 || t > 24*3600 {
		s.writeError(w, r, httpx.Errorf(http.StatusBadRequest, "t: want seconds from 0"))
		return
	}
	q, err := previewQuality(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := s.previewProject(r.Context(), v, q)
	styleName := query.Get("style")
	if styleName != "" {
		if _, ok := s.styles.Lookup(styleName); !ok {
			s.writeError(w, r, httpx.Errorf(http.StatusNotFound, "no such style"))
			return
		}
		p.Style = styleName
	}
	pl, err := engine.Validate(r.Context(), p, nil, s.planOptions())
	if err != nil && styleName != "" {
		// The draft does not fit that style (a caption over its limit, an
		// aspect it does not make): its stock thumbnail stands in.
		http.Redirect(w, r, "/styles/"+styleName+"/thumbnail.jpg", http.StatusFound)
		return
	}
	if err != nil {
		s.writeError(w, r, planError(err))
		return
	}
	if atPhoto {
		t = firstPhotoMiddle(pl)
	}
	frame := pl.FrameAt(t)
	key, err := frameKey(u.ID, p, frame)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	b, hit := s.frames.get(key)
	if !hit {
		select {
		case s.frames.sem <- struct{}{}:
		case <-r.Context().Done():
			s.writeError(w, r, r.Context().Err())
			return
		}
		var dp *engine.Project
		dp, err = s.withDecodedPhotos(r.Context(), u.ID, p, pl, frame)
		if err == nil {
			b, err = s.drawFrame(r, fr, dp, u.ID, pl.Seconds(frame))
		}
		<-s.frames.sem
		if errors.Is(err, model.ErrNotFound) {
			err = &httpx.Error{Status: http.StatusBadRequest, Message: "a photo of the project no longer exists", Err: err}
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		s.frames.put(key, b)
	}
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Header().Set("X-Frame-Index", strconv.Itoa(frame))
	w.Header().Set("X-Frame-Cache", map[bool]string{true: "hit", false: "miss"}[hit])
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b) //nolint:errcheck // the client may be gone
}

// firstPhotoMiddle is the time in the middle of pl's first photo slide,
// or 0 when it has none.
func firstPhotoMiddle(pl *engine.Plan) float64 {
	for _, sl := range pl.Slides {
		if sl.Kind == compose.PhotoSlide {
			return (pl.Seconds(sl.StartFrame) + pl.Seconds(sl.EndFrame())) / 2
		}
	}
	return 0
}

// drawFrame renders and JPEG-encodes the frame at t.
func (s *Server) drawFrame(r *http.Request, fr render.FrameRenderer, p *engine.Project, userID string, t float64) ([]byte, error) {
	img, err := fr.RenderFrame(r.Context(), p, s.assets.Budgeted(userID), t)
	if err != nil {
		var se *engine.StatusError
		if errors.As(err, &se) {
			return nil, planError(err)
		}
		if errors.Is(err, model.ErrNotFound) {
			return nil, &httpx.Error{Status: http.StatusBadRequest, Message: "a photo of the project no longer exists", Err: err}
		}
		return nil, err
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: frameJPEGQuality}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
