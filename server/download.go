package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
)

// handleDownload: GET /v/<id>/<name>.mp4 (public). ?quality= picks the
// rendition (default: the video's quality, or its largest rendition when the
// quality was changed after the render; 144 is the preview); Range and
// conditional requests are served by http.ServeContent. A full download
// or a range from byte 0 that is more than a player's probe counts as a
// view (isView), once per client address and video in 30 minutes
// (viewDedup). A published video being rendered again keeps serving its
// previous files, and keeps them when the re-render fails. With
// Config.BlobRedirect and a store that signs URLs, the answer is a 302
// to a presigned URL instead (views are counted the same way: the
// client's Range header reaches us before the redirect).
func (s *Server) handleDownload(w http.ResponseWriter, r *http.Request) {
	v, err := s.store.VideoByID(r.Context(), r.PathValue("id"))
	if err != nil || !strings.HasSuffix(r.PathValue("file"), ".mp4") {
		s.writeError(w, r, httpx.Errorf(http.StatusNotFound, "video not found"))
		return
	}
	rd, ok := s.pickRendition(v, r.URL.Query().Get("quality"))
	if !ok {
		s.writeError(w, r, httpx.Errorf(http.StatusNotFound, "video not found"))
		return
	}
	b, err := s.blobs.Open(r.Context(), rd.Blob)
	if err != nil {
		s.writeError(w, r, notFoundErr("video", err))
		return
	}
	defer b.Close()
	if r.Method == http.MethodGet && isView(r.Header.Get("Range"), b.Size()) && r.Header.Get("If-None-Match") == "" && r.Header.Get("If-Modified-Since") == "" &&
		s.views.first(v.ID, clientIP(r), s.now()) {
		if err := s.store.AddView(r.Context(), v.ID); err == nil {
			s.metrics.views.Add(1)
		}
	}
	if signer, ok := s.blobs.(blob.SignedURLer); ok && s.cfg.BlobRedirect > 0 {
		u, err := signer.SignedURL(r.Context(), rd.Blob, "video/mp4", s.cfg.BlobRedirect)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store") // the URL expires
		http.Redirect(w, r, u, http.StatusFound)
		return
	}
	httpx.ServeContent(w, r, rd.Blob, "video/mp4", b.ModTime(), b.Size(), b, s.writeError)
}

// probeBytes is the largest range from byte 0 that is a player's probe
// (Safari asks for bytes=0-1 before it plays), not a view.
const probeBytes = 64 << 10

// isView reports whether a GET with Range header rg of a file of size
// bytes counts as a view: no Range, or one range from byte 0 that is
// open-ended, reaches the end or is longer than a probe.
func isView(rg string, size int64) bool {
	if rg == "" {
		return true
	}
	end, ok := strings.CutPrefix(rg, "bytes=0-")
	if !ok || strings.Contains(end, ",") {
		return false
	}
	if end == "" {
		return true
	}
	n, err := strconv.ParseInt(end, 10, 64)
	return err == nil && (n >= size-1 || n >= probeBytes)
}

// pickRendition returns the rendition asked for, if the video has it.
func (s *Server) pickRendition(v *model.Video, quality string) (model.Rendition, bool) {
	q := v.Quality
	if quality != "" {
		n, err := strconv.Atoi(quality)
		if err != nil {
			return model.Rendition{}, false
		}
		q = n
	}
	if q == 144 {
		if v.Preview == nil {
			return model.Rendition{}, false
		}
		return *v.Preview, true
	}
	if !hasFiles(v) {
		return model.Rendition{}, false
	}
	rd, ok := v.Renditions[q]
	if !ok && quality == "" {
		// The quality was changed after the render: serve the largest
		// rendition there is rather than nothing.
		best := 0
		for k, r := range v.Renditions {
			if k > best {
				best, rd, ok = k, r, true
			}
		}
	}
	return rd, ok
}

// handleThumbnail: GET /t/<id>/<quality>.jpg (public, while the video has
// renditions).
func (s *Server) handleThumbnail(w http.ResponseWriter, r *http.Request) {
	v, err := s.store.VideoByID(r.Context(), r.PathValue("id"))
	q, ok := strings.CutSuffix(r.PathValue("file"), ".jpg")
	if err != nil || !ok {
		s.writeError(w, r, httpx.Errorf(http.StatusNotFound, "thumbnail not found"))
		return
	}
	rd, found := s.pickRendition(v, q)
	if !found || rd.ThumbBlob == "" {
		s.writeError(w, r, httpx.Errorf(http.StatusNotFound, "thumbnail not found"))
		return
	}
	s.serveBlob(w, r, rd.ThumbBlob, "image/jpeg")
}
