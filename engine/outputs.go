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

// Output says where a render's videos and thumbnails go: the one value
// of Options.Output, made by one of
//
//   - ToFile(path): MP4 files. With one rendition the video is exactly
//     path; with several, "-<quality>" (the short side) is added before
//     the extension (out.mp4 -> out-360.mp4, out-720.mp4). Each video's
//     JPEG thumbnail is beside it with the extension ".jpg" (out.jpg,
//     out-360.jpg).
//   - ToFiles(func(Quality) (video, thumbnail string)): MP4 files named
//     per rendition; an empty thumbnail means none.
//   - ToWriter(w, Faststart or Fragmented): one rendition (set
//     Options.Renditions, Sizes or Preview) written to w. Faststart: a
//     faststart MP4 (moov before mdat) written once every frame is
//     encoded, so a failed or cancelled render has written nothing to w
//     (the coded video waits in Options.TempDir). Fragmented: a fragmented
//     MP4 that flows while the render runs: ftyp and moov as soon as the
//     first GOP (2 s of video) is coded and the music is mixed and
//     AAC-encoded, then one moof+mdat per GOP, each flushed if w can be
//     flushed (a Flush method, or an http.ResponseWriter behind
//     middleware that Unwraps to one); a failed render leaves the
//     fragments already written (a playable prefix: see the package doc's
//     "Streaming"). WithThumbnail adds a Writer for the JPEG thumbnail.
//   - ToSinks(func(Quality) Sink): anything else, per rendition: a path or
//     a Writer each, with or without a thumbnail (see Sink).
//
// Files appear only when the whole render succeeded (each is written to a
// temporary file beside it and renamed into place): a failed or cancelled
// render leaves nothing at the output paths. The thumbnail is the first
// frame after the title card. The zero Output is no output: Render then
// fails with ErrInvalidOptions, as it does for a Writer given to a render
// of several renditions or a Sink that is not well formed.
type Output struct {
	kind   outputKind
	path   string
	files  func(Quality) (video, thumbnail string)
	w      io.Writer
	mode   WriterMode
	thumb  io.Writer
	sinkFn func(Quality) Sink
}

type outputKind int

const (
	noOutput outputKind = iota
	fileOutput
	filesOutput
	writerOutput
	sinksOutput
)

// WriterMode is the MP4 layout written to a Writer (ToWriter, Sink).
type WriterMode int

const (
	// Faststart is one MP4 with moov before mdat, written once the render
	// has succeeded.
	Faststart WriterMode = iota
	// Fragmented is a fragmented MP4 that flows while the render runs.
	Fragmented
)

// ToFile writes the videos to path (several renditions: path with
// "-<quality>" before the extension) and their thumbnails beside them
// (see Output).
func ToFile(path string) Output { return Output{kind: fileOutput, path: path} }

// ToFiles writes each rendition's video and thumbnail where name says (an
// empty thumbnail: none; see Output).
func ToFiles(name func(q Quality) (video, thumbnail string)) Output {
	return Output{kind: filesOutput, files: name}
}

// ToWriter writes the render's one rendition to w in mode (see Output).
func ToWriter(w io.Writer, mode WriterMode) Output {
	return Output{kind: writerOutput, w: w, mode: mode}
}

// ToSinks sends each rendition where sink says (see Sink and Output).
func ToSinks(sink func(q Quality) Sink) Output { return Output{kind: sinksOutput, sinkFn: sink} }

// WithThumbnail returns o (a ToWriter output) with the JPEG thumbnail
// written to w.
func (o Output) WithThumbnail(w io.Writer) Output {
	o.thumb = w
	return o
}

// IsZero reports whether o is the zero Output (no output).
func (o Output) IsZero() bool { return o.kind == noOutput }

// Sink says where one rendition goes (ToSinks): an MP4 file at Path
// (written atomically) or an MP4 written to Writer in Mode, and
// optionally a JPEG thumbnail at Thumbnail or written to ThumbnailWriter
// (both empty: no thumbnail). Exactly one of Path and Writer is set, and
// at most one of Thumbnail and ThumbnailWriter. See Output for what each
// receives and when.
type Sink struct {
	Path            string
	Writer          io.Writer
	Mode            WriterMode
	Thumbnail       string
	ThumbnailWriter io.Writer
}

// outputPath returns where a rendition of quality q goes for ToFile's
// naming rule: base itself when it is the only rendition, else base with
// "-<q>" before its extension (out.mp4 -> out-720.mp4).
func outputPath(base string, q Quality, only bool) string {
	if only {
		return base
	}
	ext := filepath.Ext(base)
	return fmt.Sprintf("%s-%d%s", strings.TrimSuffix(base, ext), q, ext)
}

// thumbnailPath returns the thumbnail written beside a video: the same
// path with the extension ".jpg".
func thumbnailPath(video string) string {
	return strings.TrimSuffix(video, filepath.Ext(video)) + ".jpg"
}

// checkRenditions refuses a ToWriter output for a render of n != 1
// renditions.
func (o Output) checkRenditions(n int) error {
	if o.kind == writerOutput && n != 1 {
		return optionsf("a Writer takes one rendition, this render makes %d (choose one rendition, or send each where ToSinks says)", n)
	}
	return nil
}

// check refuses the zero Output and a Writer or function that is nil.
func (o Output) check() error {
	switch {
	case o.kind == noOutput:
		return optionsf("no output: set Options.Output (ToFile, ToFiles, ToWriter or ToSinks)")
	case o.kind == fileOutput && o.path == "",
		o.kind == filesOutput && o.files == nil,
		o.kind == writerOutput && o.w == nil,
		o.kind == sinksOutput && o.sinkFn == nil:
		return optionsf("output: an empty path, a nil Writer or a nil function")
	case o.kind == writerOutput && o.mode != Faststart && o.mode != Fragmented:
		return optionsf("output: unknown writer mode %d", o.mode)
	}
	return nil
}

// sinks returns the sink of each quality. Its errors wrap
// ErrInvalidOptions.
func (o Output) sinks(qs []Quality) ([]Sink, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	if err := o.checkRenditions(len(qs)); err != nil {
		return nil, err
	}
	out := make([]Sink, len(qs))
	for i, q := range qs {
		switch o.kind {
		case sinksOutput:
			out[i] = o.sinkFn(q)
		case writerOutput:
			out[i] = Sink{Writer: o.w, Mode: o.mode, ThumbnailWriter: o.thumb}
		case filesOutput:
			v, t := o.files(q)
			out[i] = Sink{Path: v, Thumbnail: t}
		case fileOutput:
			v := outputPath(o.path, q, len(qs) == 1)
			out[i] = Sink{Path: v, Thumbnail: thumbnailPath(v)}
		}
		s := out[i]
		switch {
		case (s.Path == "") == (s.Writer == nil):
			return nil, optionsf("rendition %d: a Sink needs exactly one of Path and Writer", q)
		case s.Mode != Faststart && s.Mode != Fragmented:
			return nil, optionsf("rendition %d: unknown writer mode %d", q, s.Mode)
		case s.Mode == Fragmented && s.Writer == nil:
			return nil, optionsf("rendition %d: a fragmented MP4 needs a Writer", q)
		case s.Thumbnail != "" && s.ThumbnailWriter != nil:
			return nil, optionsf("rendition %d: a Sink takes Thumbnail or ThumbnailWriter, not both", q)
		}
	}
	return out, nil
}

// fragmented reports whether the sink's Writer receives a fragmented MP4.
func (s Sink) fragmented() bool { return s.Mode == Fragmented }

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
