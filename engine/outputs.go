package engine

import (
	"errors"
	"fmt"
	"image"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/reelkit/reel/internal/fserr"

	"github.com/reelkit/reel/encode"
)

// Sink says where one rendition goes: an MP4 file at Path (written
// atomically: it appears only when the whole render succeeded) or an MP4
// written to Writer, and optionally a JPEG thumbnail at Thumbnail or
// written to ThumbnailWriter. Exactly one of Path and Writer is set.
//
// A Writer receives a faststart MP4 (moov before mdat) at the end of the
// render, or, with Fragmented, a fragmented MP4 that flows while the render
// runs: ftyp and moov as soon as the first GOP (2 s of video) is coded
// and the music is mixed and AAC-encoded, then one moof+mdat per GOP,
// each flushed if the Writer can be flushed (a Flush method, or an
// http.ResponseWriter behind middleware that Unwraps to one). A failed or
// cancelled render has written nothing to a faststart Writer; a
// fragmented Writer keeps the fragments already sent (a playable prefix).
type Sink struct {
	Path       string
	Writer     io.Writer
	Fragmented bool
	// Thumbnail and ThumbnailWriter receive the JPEG thumbnail (the first
	// frame after the title card); both empty means no thumbnail.
	Thumbnail       string
	ThumbnailWriter io.Writer
}

// OutputPath returns where a rendition of quality q goes for the Output
// naming rule: base itself when it is the only rendition, else base with
// "-<q>" before its extension (out.mp4 -> out-720.mp4).
func OutputPath(base string, q Quality, only bool) string {
	if only {
		return base
	}
	ext := filepath.Ext(base)
	return fmt.Sprintf("%s-%d%s", strings.TrimSuffix(base, ext), q, ext)
}

// ThumbnailPath returns the thumbnail written beside a video: the same
// path with the extension ".jpg".
func ThumbnailPath(video string) string {
	return strings.TrimSuffix(video, filepath.Ext(video)) + ".jpg"
}

// sinks returns the sink of each quality, from SinkFor, Writer, OutputFor
// or Output, in that order of precedence. Its errors wrap
// ErrInvalidOptions.
func (o Options) sinks(qs []Quality) ([]Sink, error) {
	out := make([]Sink, len(qs))
	for i, q := range qs {
		switch {
		case o.SinkFor != nil:
			out[i] = o.SinkFor(q)
		case o.Writer != nil:
			if err := o.checkWriter(len(qs)); err != nil {
				return nil, err
			}
			out[i] = Sink{Writer: o.Writer, Fragmented: o.Fragmented, ThumbnailWriter: o.ThumbnailWriter}
		case o.OutputFor != nil:
			v, t := o.OutputFor(q)
			out[i] = Sink{Path: v, Thumbnail: t}
		case o.Output != "":
			v := OutputPath(o.Output, q, len(qs) == 1)
			out[i] = Sink{Path: v, Thumbnail: ThumbnailPath(v)}
		default:
			return nil, optionsf("no output: set Output, Writer, OutputFor or SinkFor")
		}
		s := out[i]
		switch {
		case (s.Path == "") == (s.Writer == nil):
			return nil, optionsf("rendition %d: a Sink needs exactly one of Path and Writer", q)
		case s.Fragmented && s.Writer == nil:
			return nil, optionsf("rendition %d: a fragmented MP4 needs a Writer", q)
		case s.Thumbnail != "" && s.ThumbnailWriter != nil:
			return nil, optionsf("rendition %d: a Sink takes Thumbnail or ThumbnailWriter, not both", q)
		}
	}
	return out, nil
}

// writeThumbnail writes img as a JPEG to s's thumbnail, if any: to the
// ThumbnailWriter, or atomically at the Thumbnail path (temporary file
// beside it, then rename). It reports whether a file was created.
func (s Sink) writeThumbnail(img image.Image) (created bool, err error) {
	switch {
	case s.ThumbnailWriter != nil:
		if err := encode.WriteThumbnail(s.ThumbnailWriter, img, 85); err != nil {
			return false, fmt.Errorf("engine: thumbnail: %w", err)
		}
		return false, nil
	case s.Thumbnail != "":
		return true, writeThumbnail(s.Thumbnail, img)
	}
	return false, nil
}

// writeThumbnail writes img as a JPEG at path atomically (temporary file
// beside it, then rename). Errors name path, never the temporary file.
func writeThumbnail(path string, img image.Image) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("engine: thumbnail %s: %w", path, fserr.Cause(err))
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = encode.WriteThumbnail(f, img, 85); err != nil {
		return fmt.Errorf("engine: thumbnail %s: %w", path, fserr.Cause(err))
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("engine: thumbnail %s: %w", path, fserr.Cause(err))
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("engine: thumbnail %s: %w", path, fserr.Cause(err))
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("engine: thumbnail %s: %w", path, fserr.Cause(err))
	}
	return nil
}

// countingWriter counts the bytes written through it and passes Flush on.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Flush flushes the underlying writer if it can be flushed: a Flush
// method, or an http.ResponseWriter whose middleware wrappers lead (by
// Unwrap) to one that flushes.
func (c *countingWriter) Flush() error {
	switch f := c.w.(type) {
	case interface{ Flush() error }:
		return f.Flush()
	case interface{ Flush() }:
		f.Flush()
	case http.ResponseWriter:
		if err := http.NewResponseController(f).Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return err
		}
	}
	return nil
}
