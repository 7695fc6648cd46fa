package server

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"

	"github.com/reelkit/reel/server/internal/ctxio"
	"github.com/reelkit/reel/server/internal/httpx"
)

// spooled is an upload streamed to a temporary file: the body is never
// held in memory, whatever its size. Close removes the file.
type spooled struct {
	*os.File
	size int64
	sum  [sha256.Size]byte // SHA-256 of the content
	head []byte            // the first up to 512 bytes, for sniffing
}

// spoolHead is how many leading bytes spool keeps for format sniffing.
const spoolHead = 512

// Close closes and removes the temporary file.
func (s *spooled) Close() error {
	err := s.File.Close()
	os.Remove(s.File.Name())
	return err
}

// headWriter keeps the first spoolHead bytes written through it.
type headWriter struct{ b []byte }

func (h *headWriter) Write(p []byte) (int, error) {
	if n := spoolHead - len(h.b); n > 0 {
		h.b = append(h.b, p[:min(n, len(p))]...)
	}
	return len(p), nil
}

// spool copies at most limit bytes of r into a new file in dir while
// hashing it and keeping its head; more than limit bytes is a 413, none
// a 400. The returned file is positioned at its start.
func spool(ctx context.Context, dir string, r io.Reader, limit int64) (*spooled, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("upload dir: %w", err)
	}
	f, err := os.CreateTemp(dir, "upload-*")
	if err != nil {
		return nil, fmt.Errorf("upload file: %w", err)
	}
	sp := &spooled{File: f}
	var h hash.Hash = sha256.New()
	hw := &headWriter{}
	n, err := io.Copy(io.MultiWriter(f, h, hw), ctxio.Reader(ctx, io.LimitReader(r, limit+1)))
	if err == nil && n > limit {
		err = httpx.Errorf(http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", limit))
	}
	if err == nil && n == 0 {
		err = httpx.Errorf(http.StatusBadRequest, "empty body")
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		sp.Close()
		var ae *httpx.Error
		if errors.As(err, &ae) {
			return nil, err
		}
		return nil, fmt.Errorf("upload: %w", err)
	}
	sp.size = n
	h.Sum(sp.sum[:0])
	sp.head = hw.b
	return sp, nil
}

// spoolBody streams a raw request body of at most limit bytes to a
// temporary file (413 beyond, from the Content-Length alone when the
// client announces it).
func (s *Server) spoolBody(w http.ResponseWriter, r *http.Request, limit int64) (*spooled, error) {
	if r.ContentLength > limit {
		return nil, httpx.Errorf(http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", limit))
	}
	return spool(r.Context(), s.uploadDir(), http.MaxBytesReader(w, r.Body, limit+1), limit)
}

// uploadDir holds uploads being checked.
func (s *Server) uploadDir() string { return s.cfg.WorkDir + string(os.PathSeparator) + "uploads" }
