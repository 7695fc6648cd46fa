package server

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/render"
)

// The studio's playing preview: GET /me/videos/{id}/preview.mp4 streams
// the video's current draft as a 144p fragmented MP4 while the engine
// renders it (motion, transitions and music; the first bytes after the
// first two seconds are coded), so a <video> starts playing about a
// second after it asks. A finished stream is kept by the draft's content
// (the user and the project as the engine sees it), so opening the same
// draft again, or seeking in it, is served from memory with byte ranges;
// an edit changes the key and the next request renders anew. See
// docs/DESIGN.md, "The studio's playing preview".

const (
	// streamCacheBytes bounds the finished previews kept: a 144p preview
	// is 20-40 KB a second, so about 10 minutes of previews.
	streamCacheBytes = 24 << 20
	// streamConcurrency bounds previews rendered at once.
	streamConcurrency = 2
	// streamMaxTime bounds one preview render.
	streamMaxTime = 5 * time.Minute
)

// streamPreviews holds the finished previews and the ones rendering.
type streamPreviews struct {
	done *lru[[32]byte, []byte]
	sem  chan struct{}

	mu   sync.Mutex
	live map[[32]byte]*liveStream
}

func newStreamPreviews() *streamPreviews {
	return &streamPreviews{done: newLRU[[32]byte, []byte](streamCacheBytes, func(b []byte) int64 { return int64(len(b)) }),
		sem: make(chan struct{}, streamConcurrency), live: map[[32]byte]*liveStream{}}
}

// stream returns the live stream of key, starting render in a goroutine
// of its own when none runs: its context ends when its viewers are gone.
// A complete render is moved to the finished cache.
func (sp *streamPreviews) stream(key [32]byte, render func(ctx context.Context, l *liveStream) error) *liveStream {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if l, ok := sp.live[key]; ok {
		return l
	}
	ctx, cancel := context.WithTimeout(context.Background(), streamMaxTime)
	l := newLiveStream(cancel)
	sp.live[key] = l
	go func() {
		defer cancel()
		err := func() error {
			select {
			case sp.sem <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			defer func() { <-sp.sem }()
			return render(ctx, l)
		}()
		b := l.finish(err)
		sp.mu.Lock()
		delete(sp.live, key)
		sp.mu.Unlock()
		if err == nil {
			sp.done.put(key, b)
		}
	}()
	return l
}

// previewError maps a failed preview render to the answer the studio
// shows: the project's 74xx status, a photo that is gone, or the error.
func previewError(err error) error {
	var se *engine.StatusError
	switch {
	case errors.As(err, &se):
		return planError(err)
	case errors.Is(err, model.ErrNotFound):
		return &httpx.Error{Status: http.StatusBadRequest, Message: "a photo or music of the project no longer exists", Err: err}
	}
	return err
}

// handlePreviewStream: GET /me/videos/{id}/preview.mp4 answers the 144p
// preview of the video's draft as video/mp4: from the cache (with byte
// ranges) when this draft was previewed already, else streamed while it
// renders. A draft that cannot be planned is a 400 with its 74xx code,
// before any byte of video.
func (s *Server) handlePreviewStream(w http.ResponseWriter, r *http.Request) {
	u, v, err := s.userVideo(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sr, ok := s.cfg.Renderer.(render.StreamRenderer)
	if !ok {
		s.writeError(w, r, httpx.Errorf(http.StatusServiceUnavailable, "the playing preview is not available on this server"))
		return
	}
	p := s.previewProject(r.Context(), v, engine.QualityPreview)
	if _, err := engine.Validate(r.Context(), p, nil, s.previewPlanOptions()); err != nil {
		s.writeError(w, r, planError(err))
		return
	}
	key, err := frameKey(u.ID, p, -1) // frame -1: the whole preview
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", `"`+hex.EncodeToString(key[:12])+`"`)
	if b, ok := s.streams.done.get(key); ok {
		h.Set("X-Preview-Cache", "hit")
		http.ServeContent(w, r, "preview.mp4", time.Time{}, bytes.NewReader(b))
		return
	}
	resolver := s.assets.Budgeted(u.ID)
	l := s.streams.stream(key, func(ctx context.Context, l *liveStream) error {
		return sr.StreamPreview(ctx, p, resolver, l)
	})
	h.Set("Content-Type", "video/mp4")
	h.Set("X-Preview-Cache", "miss")
	if r.Method == http.MethodHead {
		return
	}
	n, err := l.copyTo(r.Context(), w)
	switch {
	case err == nil || r.Context().Err() != nil:
	case n == 0:
		// Nothing sent yet: the status line can still say what failed.
		h.Del("Content-Type")
		s.writeError(w, r, previewError(err))
	default:
		// The status line is gone with the first bytes: the browser sees
		// a shorter video; the log says why.
		s.log.Warn("preview stream ended early", "video", v.ID, "err", err)
	}
}
