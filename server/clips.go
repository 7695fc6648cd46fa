package server

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
	"golang.org/x/image/draw"
)

// Video clips: uploaded like photos (raw body or URL import), probed
// and given a poster (a JPEG of the first frame) at upload, counted in
// the storage quota and deduplicated like photos, and named by a
// video's "video" assets.

// clipRoutes adds the clip endpoints.
func (s *Server) clipRoutes(m *http.ServeMux) {
	m.HandleFunc("PUT /me/clips", s.requireAuth(s.handlePutClip))
	m.HandleFunc("POST /me/clips/external", s.requireAuth(s.handleImportClip))
	m.HandleFunc("GET /me/clips", s.requireAuth(s.handleListClips))
	m.HandleFunc("GET /me/clips/{id}", s.requireAuth(s.handleGetClip))
	m.HandleFunc("DELETE /me/clips/{id}", s.requireAuth(s.handleDeleteClip))
	m.HandleFunc("GET /f/clips/{file}", s.handleClipFile)
	m.HandleFunc("GET /f/clips/{id}/poster.jpg", s.handleClipPoster)
}

// clipObject is a clip in JSON.
type clipObject struct {
	ID        string  `json:"id"`
	URL       string  `json:"url"`
	PosterURL string  `json:"poster_url"`
	Codec     string  `json:"codec"`
	Width     int     `json:"width"`  // displayed, after rotation
	Height    int     `json:"height"` // displayed, after rotation
	Rotation  int     `json:"rotation"`
	Duration  float64 `json:"duration"` // seconds
	FPS       float64 `json:"fps"`
	HasAudio  bool    `json:"has_audio"`
	Size      int64   `json:"size"`    // bytes
	Created   int64   `json:"created"` // Unix seconds
}

// clipTypes maps a clip's container to its content type and file
// extension.
var clipTypes = map[string]struct{ contentType, ext string }{
	"mp4":  {"video/mp4", "mp4"},
	"mov":  {"video/quicktime", "mov"},
	"gif":  {"image/gif", "gif"},
	"webp": {"image/webp", "webp"},
}

// clipExt is the file extension of a clip's content type.
func clipExt(contentType string) string {
	for _, t := range clipTypes {
		if t.contentType == contentType {
			return t.ext
		}
	}
	return "bin"
}

func (s *Server) clipObject(c *model.Clip) clipObject {
	base := s.baseURL() + "/f/clips/" + c.ID
	return clipObject{ID: c.ID, URL: base + "." + clipExt(c.ContentType), PosterURL: base + "/poster.jpg",
		Codec: c.Codec, Width: c.Width, Height: c.Height, Rotation: c.Rotation, Duration: round3(c.Duration),
		FPS: round3(c.FPS), HasAudio: c.HasAudio, Size: c.Size, Created: c.CreatedOn.Unix()}
}

// handlePutClip: PUT /me/clips with the raw file as the body (MP4 or MOV
// with H.264 or HEVC video, GIF, animated WebP); the format is read from
// the bytes. The body is streamed to a temporary file, never held in
// memory.
func (s *Server) handlePutClip(w http.ResponseWriter, r *http.Request) {
	sp, err := s.spoolBody(w, r, s.cfg.MaxClipBytes)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer sp.Close()
	c, err := s.ingestClip(r.Context(), userFrom(r.Context()).ID, sp, "")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, s.clipObject(c))
}

// handleImportClip: POST /me/clips/external with url=... imports a clip
// from the web, with the same address rules as photo imports.
func (s *Server) handleImportClip(w http.ResponseWriter, r *http.Request) {
	sp, u, err := s.fetchURLParam(w, r, s.clipFetch, s.cfg.MaxClipBytes)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer sp.Close()
	c, err := s.ingestClip(r.Context(), userFrom(r.Context()).ID, sp, u)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, s.clipObject(c))
}

// ingestClip checks one spooled clip, makes its poster and stores both:
// the row first (quota and an identical earlier upload are decided in its
// transaction, before any byte is kept), then the file and the poster. A
// refused clip leaves neither row nor blob.
func (s *Server) ingestClip(ctx context.Context, userID string, sp *spooled, source string) (*model.Clip, error) {
	info, err := s.checkClip(sp, sp.size, sp.head)
	if err != nil {
		return nil, err
	}
	poster, err := s.clipPoster(ctx, sp, sp.size, sp.head, info)
	if err != nil {
		return nil, err
	}
	t := clipTypes[info.Container]
	c := &model.Clip{ID: auth.NewID(), UserID: userID, ContentType: t.contentType, Codec: info.Codec,
		Width: info.Width, Height: info.Height, Rotation: info.Rotation, Duration: info.Duration.Seconds(),
		FPS: info.FrameRate, HasAudio: info.HasAudio, Size: sp.size, SourceURL: source,
		SHA256: hex.EncodeToString(sp.sum[:]), CreatedOn: s.now()}
	c.Blob = "clips/" + c.ID + "." + t.ext
	c.PosterBlob = "clips/" + c.ID + ".poster.jpg"
	got, err := s.store.CreateClip(ctx, c, s.cfg.StorageQuota)
	if err != nil || got.ID != c.ID {
		return got, err // stored before: the same clip again
	}
	if err := s.putClipFiles(ctx, c, sp, poster); err != nil {
		s.store.DeleteClip(context.WithoutCancel(ctx), userID, c.ID)
		return nil, err
	}
	return c, nil
}

// putClipFiles writes a clip's file and poster; a failure leaves
// neither.
func (s *Server) putClipFiles(ctx context.Context, c *model.Clip, file io.ReadSeeker, poster []byte) error {
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := s.blobs.Put(ctx, c.Blob, file); err != nil {
		return err
	}
	if _, err := s.blobs.Put(ctx, c.PosterBlob, bytes.NewReader(poster)); err != nil {
		s.blobs.Delete(context.WithoutCancel(ctx), c.Blob)
		return err
	}
	return nil
}

// maxClipSide bounds a clip's displayed width and height (8K is 7680).
const maxClipSide = 8192

// maxPosterSide bounds the poster's longer side; smaller clips keep
// their size.
const maxPosterSide = 1280

// posterQuality is the JPEG quality of clip posters.
const posterQuality = 85

// uploadWhat says which clips reel takes.
const uploadWhat = "upload an MP4 or MOV (H.264 or HEVC video), a GIF or an animated WebP"

// errUnsupportedClip is the answer to a file that is no clip at all.
var errUnsupportedClip = httpx.Errorf(http.StatusUnsupportedMediaType, "unsupported clip type: "+uploadWhat)

// checkClip probes a clip (its headers only) and holds it to the limits:
// not a clip or without a video track (415), corrupt or truncated (400),
// without a duration (400), longer than MaxClipDuration or larger than
// maxClipSide (413).
func (s *Server) checkClip(r io.ReaderAt, size int64, head []byte) (clipInfo, error) {
	info, err := s.clips.Probe(r, size)
	if err != nil {
		return clipInfo{}, clipError(err, head)
	}
	if _, ok := clipTypes[info.Container]; !ok {
		return clipInfo{}, &httpx.Error{Status: errUnsupportedClip.Status, Message: errUnsupportedClip.Message,
			Err: fmt.Errorf("container %q", info.Container)}
	}
	if name, bad := undecodableCodec(info.Codec); bad {
		return clipInfo{}, &httpx.Error{Status: http.StatusUnsupportedMediaType,
			Message: fmt.Sprintf("unsupported clip type: the video is %s; reel decodes H.264 and HEVC video (%s)", name, uploadWhat),
			Err:     fmt.Errorf("codec %q", info.Codec)}
	}
	switch {
	case info.Width <= 0 || info.Height <= 0:
		return clipInfo{}, httpx.Errorf(http.StatusBadRequest, fmt.Sprintf("corrupt clip: a picture of %dx%d pixels", info.Width, info.Height))
	case info.Width > maxClipSide || info.Height > maxClipSide:
		return clipInfo{}, httpx.Errorf(http.StatusRequestEntityTooLarge,
			fmt.Sprintf("clip of %dx%d pixels exceeds the limit of %d pixels per side", info.Width, info.Height, maxClipSide))
	case info.Duration <= 0:
		return clipInfo{}, httpx.Errorf(http.StatusBadRequest, "clip has no duration (one still picture? upload it to /me/photos)")
	case info.Duration > s.cfg.MaxClipDuration:
		return clipInfo{}, httpx.Errorf(http.StatusRequestEntityTooLarge,
			fmt.Sprintf("clip of %s is longer than the limit of %s", fmtDuration(info.Duration), fmtDuration(s.cfg.MaxClipDuration)))
	}
	return info, nil
}

// clipError is the answer to a clip the decoder refused.
func clipError(err error, head []byte) error {
	var md *clipMissingDecoderError
	switch {
	case errors.As(err, &md):
		return &httpx.Error{Status: http.StatusUnsupportedMediaType, Message: "this server cannot decode the clip: " + md.Msg, Err: err}
	case !looksLikeClip(head):
		return &httpx.Error{Status: errUnsupportedClip.Status, Message: errUnsupportedClip.Message, Err: err}
	}
	var re *clipReasonError
	reason := ""
	if errors.As(err, &re) {
		reason = re.Reason
	}
	switch {
	case errors.Is(err, errClipTooLarge):
		return &httpx.Error{Status: http.StatusRequestEntityTooLarge, Message: "clip too large: " + reason, Err: err}
	case errors.Is(err, errClipUnsupported) && reason != "":
		return &httpx.Error{Status: http.StatusUnsupportedMediaType, Message: "unsupported clip type: " + reason + "; " + uploadWhat, Err: err}
	case errors.Is(err, errClipUnsupported):
		return &httpx.Error{Status: errUnsupportedClip.Status, Message: errUnsupportedClip.Message, Err: err}
	}
	return &httpx.Error{Status: http.StatusBadRequest, Message: "corrupt or truncated clip: " + err.Error(), Err: err}
}

// clipPoster decodes the first frame of a checked clip and encodes it as
// a JPEG of the displayed size, its longer side at most maxPosterSide,
// while holding the decode's memory from the server's budget.
func (s *Server) clipPoster(ctx context.Context, r io.ReaderAt, size int64, head []byte, info clipInfo) ([]byte, error) {
	release, err := s.mem.Reserve(ctx, clipDecodeBytes(info.Width, info.Height))
	if err != nil {
		return nil, err
	}
	defer release()
	frame, err := s.clips.FirstFrame(ctx, r, size)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, clipError(err, head)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, posterImage(frame), &jpeg.Options{Quality: posterQuality}); err != nil {
		return nil, fmt.Errorf("poster: %w", err)
	}
	return buf.Bytes(), nil
}

// clipDecodeBytes is the memory decoding a clip's first frame may take:
// a decoder keeps several 4:2:0 pictures (its reference frames), counted
// as 8.
func clipDecodeBytes(w, h int) int64 { return int64(w) * int64(h) * 3 / 2 * 8 }

// posterImage scales img down so its longer side is at most
// maxPosterSide; a smaller image is returned as it is.
func posterImage(img image.Image) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if max(w, h) <= maxPosterSide {
		return img
	}
	if w >= h {
		w, h = maxPosterSide, max(1, h*maxPosterSide/w)
	} else {
		w, h = max(1, w*maxPosterSide/h), maxPosterSide
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// fmtDuration writes d for a message: "12m30s", "9.5s".
func fmtDuration(d time.Duration) string {
	if d >= time.Minute {
		return d.Round(time.Second).String()
	}
	return d.Round(100 * time.Millisecond).String()
}

func (s *Server) handleListClips(w http.ResponseWriter, r *http.Request) {
	cs, err := s.store.ListClips(r.Context(), userFrom(r.Context()).ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]clipObject, 0, len(cs))
	for _, c := range cs {
		out = append(out, s.clipObject(c))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"clips": out})
}

func (s *Server) handleGetClip(w http.ResponseWriter, r *http.Request) {
	c, err := s.store.Clip(r.Context(), userFrom(r.Context()).ID, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, notFoundErr("clip", err))
		return
	}
	httpx.WriteJSON(w, http.StatusOK, s.clipObject(c))
}

func (s *Server) handleDeleteClip(w http.ResponseWriter, r *http.Request) {
	uid := userFrom(r.Context()).ID
	c, err := s.store.Clip(r.Context(), uid, r.PathValue("id"))
	if err == nil {
		err = s.store.DeleteClip(r.Context(), uid, c.ID)
	}
	if err != nil {
		s.writeError(w, r, notFoundErr("clip", err))
		return
	}
	s.blobs.Delete(r.Context(), c.Blob)
	s.blobs.Delete(r.Context(), c.PosterBlob)
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"status": 200, "message": "Clip deleted successfully"})
}

// handleClipFile: GET /f/clips/<id>.<ext>, public (ids are 128-bit
// random), with Range requests (players seek in it). The extension must
// be the clip's own.
func (s *Server) handleClipFile(w http.ResponseWriter, r *http.Request) {
	id, ext, _ := strings.Cut(r.PathValue("file"), ".")
	c, err := s.store.ClipByID(r.Context(), id)
	if err == nil && ext != clipExt(c.ContentType) {
		err = model.ErrNotFound
	}
	if err != nil {
		s.writeError(w, r, notFoundErr("clip", err))
		return
	}
	s.serveBlob(w, r, c.Blob, c.ContentType)
}

// handleClipPoster: GET /f/clips/<id>/poster.jpg, public.
func (s *Server) handleClipPoster(w http.ResponseWriter, r *http.Request) {
	c, err := s.store.ClipByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, notFoundErr("clip", err))
		return
	}
	s.serveBlob(w, r, c.PosterBlob, "image/jpeg")
}
