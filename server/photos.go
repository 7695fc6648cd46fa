package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // upload formats
	"image/jpeg"
	_ "image/png"
	"io"
	"net/http"
	"strings"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/internal/membudget"
	"github.com/reelkit/reel/server/model"
	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
)

// photoObject is the seed's photo shape.
type photoObject struct {
	ID           string `json:"id"`
	URL          string `json:"url"`
	ThumbnailURL string `json:"thumbnail_url"`
}

var photoExt = map[string]string{"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}

func (s *Server) photoObject(r *http.Request, p *model.Photo) photoObject {
	base := s.baseURL()
	return photoObject{
		ID:           p.ID,
		URL:          base + "/f/photos/" + p.ID + "." + photoExt[p.ContentType],
		ThumbnailURL: base + "/f/photos/" + p.ID + "/thumbnail.jpg",
	}
}

// handlePutPhoto: PUT /me/photos with the raw image as the body; the
// Content-Type header is optional, the format is sniffed from the bytes.
// The body is streamed to a temporary file (never held in memory).
func (s *Server) handlePutPhoto(w http.ResponseWriter, r *http.Request) {
	sp, err := s.spoolBody(w, r, s.cfg.MaxPhotoBytes)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer sp.Close()
	p, err := s.ingestPhoto(r.Context(), userFrom(r.Context()).ID, sp, "")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, s.photoObject(r, p))
}

// handlePostPhoto: POST /me/photos (and /me/photos/external) with url=...
// imports a photo from the web. thumbnail_url is accepted and ignored: the
// thumbnail is made from the photo.
func (s *Server) handlePostPhoto(w http.ResponseWriter, r *http.Request) {
	sp, u, err := s.fetchURLParam(w, r, s.fetch, s.cfg.MaxPhotoBytes)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer sp.Close()
	p, err := s.ingestPhoto(r.Context(), userFrom(r.Context()).ID, sp, u)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, s.photoObject(r, p))
}

// checkedImage is an upload that passed checkImage.
type checkedImage struct {
	contentType   string
	width, height int
	thumb         []byte
}

// checkImage sniffs the format from head, bounds the pixel count and the
// decode's memory (width x height x bytes per pixel of the decoded type,
// see membudget.DecodeBytes; 16-bit and alpha images cost more) before decoding,
// then decodes the whole image from src (corrupt data is a 400) while
// holding that many bytes of the server's memory budget, and makes a
// thumbnail.
func (s *Server) checkImage(ctx context.Context, src io.ReadSeeker, head []byte) (*checkedImage, error) {
	ct := sniffImage(head)
	if ct == "" {
		return nil, httpx.Errorf(http.StatusUnsupportedMediaType, "unsupported image type: upload JPEG, PNG, WebP or GIF")
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	cfg, _, err := image.DecodeConfig(bufio.NewReader(src))
	if err != nil {
		return nil, corrupt("image", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, corrupt("image", errors.New("empty image"))
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(s.cfg.MaxPixels) {
		return nil, httpx.Errorf(http.StatusRequestEntityTooLarge, fmt.Sprintf("image of %dx%d pixels exceeds the limit of %d pixels", cfg.Width, cfg.Height, s.cfg.MaxPixels))
	}
	cost := membudget.DecodeBytes(cfg, ct, src)
	if cost > s.cfg.MaxImageBytes {
		return nil, httpx.Errorf(http.StatusRequestEntityTooLarge, fmt.Sprintf("image of %dx%d pixels needs %d MB to decode (%s), more than the limit of %d MB",
			cfg.Width, cfg.Height, cost>>20, colorDepth(cfg), s.cfg.MaxImageBytes>>20))
	}
	release, err := s.mem.Reserve(ctx, cost)
	if err != nil {
		return nil, err
	}
	defer release()
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(bufio.NewReader(src))
	if err != nil {
		return nil, corrupt("image", err)
	}
	var thumb bytes.Buffer
	if err := jpeg.Encode(&thumb, thumbnail(img, 320), &jpeg.Options{Quality: 80}); err != nil {
		return nil, corrupt("image", err)
	}
	return &checkedImage{contentType: ct, width: cfg.Width, height: cfg.Height, thumb: thumb.Bytes()}, nil
}

// colorDepth describes an image's pixel type for error messages.
func colorDepth(cfg image.Config) string {
	return fmt.Sprintf("%d bytes per pixel", membudget.BytesPerPixel(cfg.ColorModel))
}

// ingestPhoto checks, thumbnails and stores one spooled image.
func (s *Server) ingestPhoto(ctx context.Context, userID string, sp *spooled, source string) (*model.Photo, error) {
	ci, err := s.checkImage(ctx, sp, sp.head)
	if err != nil {
		return nil, err
	}
	ct := ci.contentType
	p := &model.Photo{ID: auth.NewID(), UserID: userID, ContentType: ct, Width: ci.width, Height: ci.height,
		Size: sp.size, SourceURL: source, SHA256: hex.EncodeToString(sp.sum[:]), CreatedOn: s.now()}
	p.Blob = "photos/" + p.ID + "." + photoExt[ct]
	p.ThumbBlob = "photos/" + p.ID + ".thumb.jpg"
	// The row first: it checks the quota and finds an identical upload
	// in the same transaction, before any byte is kept.
	got, err := s.store.CreatePhoto(ctx, p, s.cfg.StorageQuota)
	if err != nil || got.ID != p.ID {
		return got, err // stored before: the same photo again
	}
	if err := s.putPhotoFiles(ctx, p, sp, ci.thumb); err != nil {
		s.store.DeletePhoto(context.WithoutCancel(ctx), userID, p.ID)
		return nil, err
	}
	return p, nil
}

// putPhotoFiles writes a photo's original and thumbnail; a failure
// leaves neither.
func (s *Server) putPhotoFiles(ctx context.Context, p *model.Photo, orig io.ReadSeeker, thumb []byte) error {
	if _, err := orig.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := s.blobs.Put(ctx, p.Blob, orig); err != nil {
		return err
	}
	if _, err := s.blobs.Put(ctx, p.ThumbBlob, bytes.NewReader(thumb)); err != nil {
		s.blobs.Delete(context.WithoutCancel(ctx), p.Blob)
		return err
	}
	return nil
}

// thumbnail scales img to fit within max x max.
func thumbnail(img image.Image, limit int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > h && w > limit {
		h, w = max(1, h*limit/w), limit
	} else if h >= w && h > limit {
		w, h = max(1, w*limit/h), limit
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

func (s *Server) handleListPhotos(w http.ResponseWriter, r *http.Request) {
	ps, err := s.store.ListPhotos(r.Context(), userFrom(r.Context()).ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]photoObject, 0, len(ps))
	for _, p := range ps {
		out = append(out, s.photoObject(r, p))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"albums": []any{map[string]any{"album_name": "Uploads", "photos": out}}, "photos": out})
}

func (s *Server) handleGetPhoto(w http.ResponseWriter, r *http.Request) {
	p, err := s.store.Photo(r.Context(), userFrom(r.Context()).ID, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, notFoundErr("photo", err))
		return
	}
	httpx.WriteJSON(w, http.StatusOK, s.photoObject(r, p))
}

func (s *Server) handleDeletePhoto(w http.ResponseWriter, r *http.Request) {
	uid := userFrom(r.Context()).ID
	p, err := s.store.Photo(r.Context(), uid, r.PathValue("id"))
	if err == nil {
		err = s.store.DeletePhoto(r.Context(), uid, p.ID)
	}
	if err != nil {
		s.writeError(w, r, notFoundErr("photo", err))
		return
	}
	s.blobs.Delete(r.Context(), p.Blob)
	s.blobs.Delete(r.Context(), p.ThumbBlob)
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"status": 200, "message": "Photo deleted successfully"})
}

// handlePhotoFile: GET /f/photos/<id>.<ext>, public (ids are 128-bit
// random). The extension must be the photo's own (jpg, png, gif, webp):
// /f/photos/<id>.exe is a 404.
func (s *Server) handlePhotoFile(w http.ResponseWriter, r *http.Request) {
	id, ext, _ := strings.Cut(r.PathValue("file"), ".")
	p, err := s.store.PhotoByID(r.Context(), id)
	if err == nil && ext != photoExt[p.ContentType] {
		err = model.ErrNotFound
	}
	if err != nil {
		s.writeError(w, r, notFoundErr("photo", err))
		return
	}
	s.serveBlob(w, r, p.Blob, p.ContentType)
}

func (s *Server) handlePhotoThumb(w http.ResponseWriter, r *http.Request) {
	p, err := s.store.PhotoByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, notFoundErr("photo", err))
		return
	}
	s.serveBlob(w, r, p.ThumbBlob, "image/jpeg")
}

// notFoundErr turns ErrNotFound into a 404 naming the object.
func notFoundErr(what string, err error) error {
	if errors.Is(err, model.ErrNotFound) {
		return &httpx.Error{Status: http.StatusNotFound, Message: what + " not found", Err: err}
	}
	return err
}

// serveBlob serves a stored object with Range and conditional support
// (httpx.ServeContent).
func (s *Server) serveBlob(w http.ResponseWriter, r *http.Request, key, contentType string) {
	b, err := s.blobs.Open(r.Context(), key)
	if err != nil {
		s.writeError(w, r, notFoundErr("file", err))
		return
	}
	defer b.Close()
	httpx.ServeContent(w, r, key, contentType, b.ModTime(), b.Size(), b, s.writeError)
}

// fetchURLParam reads an import request's url parameter and fetches that
// address with f's rules into a spooled file of at most limit bytes; it
// returns the spool and the address.
func (s *Server) fetchURLParam(w http.ResponseWriter, r *http.Request, f *fetcher, limit int64) (*spooled, string, error) {
	ps, err := httpx.ParseParams(w, r, s.cfg.MaxJSONBytes)
	if err != nil {
		return nil, "", err
	}
	u, _, err := ps.Str("url")
	if err != nil {
		return nil, "", err
	}
	if u == "" {
		return nil, "", httpx.Errorf(http.StatusBadRequest, "url is required")
	}
	sp, err := f.get(r.Context(), u, limit, s.uploadDir())
	if err != nil {
		return nil, "", err
	}
	return sp, u, nil
}
