package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/render"
	"github.com/reelkit/reel/styles"
)

// styleMedia caches the style thumbnails drawn on demand.
type styleMedia struct {
	sampleMu sync.Mutex // one sample render at a time
	mu       sync.Mutex
	thumbs   map[string][]byte
	at       time.Time
}

// sampleProject is the project a style's thumbnail shows: one photo with a
// caption naming the style.
func sampleProject(st *styles.Style) *engine.Project {
	return &engine.Project{
		Name: st.Name, Style: st.MachineName, Quality: engine.Quality360,
		Assets: []engine.Asset{
			{Kind: engine.KindImage, AssetID: "sample", Data: engine.AssetData{Text: st.Name}},
			{Kind: engine.KindMusic, AssetID: "lib-demo"},
		},
	}
}

// samplePhoto is a synthetic landscape: sky, sun and hills.
func samplePhoto() []byte {
	const w, h = 960, 540
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{uint8(70 + 100*y/h), uint8(130 + 80*y/h), 230, 255}
			dx, dy := x-700, y-170
			if dx*dx+dy*dy < 60*60 {
				c = color.RGBA{255, 220, 120, 255}
			}
			hill := 380 + int(40*float64((x%320)-160)*float64((x%320)-160)/25600)
			if y > hill {
				c = color.RGBA{60, uint8(120 + 60*(y-hill)/h), 70, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}) //nolint:errcheck // in-memory
	return buf.Bytes()
}

// handleStyleThumbnail: GET /styles/<machine_name>/thumbnail.jpg draws a
// frame of the sample project in the style (once, then cached).
func (s *Server) handleStyleThumbnail(w http.ResponseWriter, r *http.Request) {
	st, ok := s.styles.Lookup(r.PathValue("name"))
	fr, canDraw := s.cfg.Renderer.(render.FrameRenderer)
	if !ok || !canDraw {
		s.writeError(w, r, httpx.Errorf(http.StatusNotFound, "style thumbnail not found"))
		return
	}
	s.media.mu.Lock()
	defer s.media.mu.Unlock() // one drawing at a time: bounded CPU for a public route
	b, ok := s.media.thumbs[st.MachineName]
	if !ok {
		p := sampleProject(st)
		res := s.sampleResolver()
		pl, err := engine.Validate(r.Context(), p, nil, s.planOptions())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		t := 1.0
		if len(pl.Slides) > 1 && pl.FrameRate.Num > 0 {
			sl := pl.Slides[1]
			t = float64(sl.StartFrame+sl.Frames*2/3) * float64(pl.FrameRate.Den) / float64(pl.FrameRate.Num)
		}
		img, err := fr.RenderFrame(r.Context(), p, res, t)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
			s.writeError(w, r, err)
			return
		}
		b = buf.Bytes()
		if s.media.thumbs == nil {
			s.media.thumbs = map[string][]byte{}
			s.media.at = time.Now()
		}
		s.media.thumbs[st.MachineName] = b
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	httpx.ServeContent(w, r, "styles/"+st.MachineName+"/thumbnail.jpg", "image/jpeg", s.media.at, int64(len(b)), bytes.NewReader(b), s.writeError)
}

// sampleResolver serves the synthetic photo and the built-in library.
func (s *Server) sampleResolver() engine.Resolver {
	photo := samplePhoto()
	return engine.ResolverFunc(func(ctx context.Context, a engine.Asset) (io.ReadCloser, error) {
		if a.AssetID == "sample" {
			return io.NopCloser(bytes.NewReader(photo)), nil
		}
		if rd, _, ok := s.library.Open(a.AssetID); ok {
			return io.NopCloser(rd), nil
		}
		return nil, errors.New("no such sample asset")
	})
}

// sampleKey names a style's sample video in the blob store; it changes
// when the style's definition does, so a stale sample is never served.
func sampleKey(st *styles.Style) string {
	b, _ := json.Marshal(st)
	h := sha256.Sum256(b)
	return "styles/" + st.MachineName + "-" + hex.EncodeToString(h[:6]) + ".mp4"
}

// handleStyleSample: GET /styles/<machine_name>/sample.mp4 renders a short
// 360p sample of the style on first request (one at a time) and keeps it
// in the blob store.
func (s *Server) handleStyleSample(w http.ResponseWriter, r *http.Request) {
	st, ok := s.styles.Lookup(r.PathValue("name"))
	if !ok || s.cfg.Renderer == nil {
		s.writeError(w, r, httpx.Errorf(http.StatusNotFound, "style sample not found"))
		return
	}
	key := sampleKey(st)
	if b, err := s.blobs.Open(r.Context(), key); err == nil {
		b.Close()
		s.serveBlob(w, r, key, "video/mp4")
		return
	}
	s.media.sampleMu.Lock()
	defer s.media.sampleMu.Unlock()
	if b, err := s.blobs.Open(r.Context(), key); err == nil { // made while we waited
		b.Close()
		s.serveBlob(w, r, key, "video/mp4")
		return
	}
	dir, err := os.MkdirTemp(s.cfg.WorkDir, "sample-")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	p := sampleProject(st)
	p.Assets = []engine.Asset{
		{Kind: engine.KindImage, AssetID: "sample", Start: 0, End: 2 * time.Second, Data: engine.AssetData{Text: st.Name}},
		{Kind: engine.KindText, Start: 2 * time.Second, End: 4 * time.Second, Data: engine.AssetData{Title: st.Name, Text: "made with reel"}},
		{Kind: engine.KindMusic, AssetID: "lib-chords"},
	}
	out, err := s.cfg.Renderer.Render(r.Context(), p, s.sampleResolver(), render.Options{Dir: dir})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, f := range out.Files {
		if f.Quality == 360 {
			if err := s.putSample(r.Context(), key, f.Video); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
	}
	s.serveBlob(w, r, key, "video/mp4")
}

// putSample stores the sample video file at path under key.
func (s *Server) putSample(ctx context.Context, key, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = s.blobs.Put(ctx, key, f)
	return err
}
