package encode

import (
	"context"
	"errors"
	"fmt"
	"image"
)

// Writer encodes pictures into an MP4 at a path or to an io.Writer (see
// Sink). Get the reusable input
// picture with Frame, draw the next picture into it, call WriteFrame; call
// Close to finish the file or Abort to discard it. Not safe for concurrent
// use. A Writer that is neither closed nor aborted holds C memory and a
// temporary file.
type Writer struct {
	enc    VideoEncoder
	mux    VideoMuxer
	emit   func(Packet) error
	frames int
	done   bool
}

// Create starts an MP4 at path with H.264 video configured by v and, when
// audio is not nil, the given AAC track. The file appears at path only
// when Close succeeds.
func Create(path string, v VideoOptions, audio *AACTrack) (*Writer, error) {
	return CreateSink(Sink{Path: path}, v, audio)
}

// CreateSink starts an MP4 going to s (a path, or a Writer receiving a
// faststart or a fragmented MP4) with H.264 video configured by v and,
// when audio is not nil, the given AAC track.
func CreateSink(s Sink, v VideoOptions, audio *AACTrack) (*Writer, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	enc, err := NewVideoEncoder(v)
	if err != nil {
		return nil, err
	}
	o := enc.Options()
	mux, err := NewSinkMuxer(s, VideoTrackConfig{
		Width: o.Width, Height: o.Height, FrameRate: o.FrameRate, SPS: enc.SPS(), PPS: enc.PPS(),
	}, audio)
	if err != nil {
		enc.Close()
		return nil, err
	}
	w := &Writer{enc: enc, mux: mux}
	w.emit = mux.WriteVideo
	return w, nil
}

// Options returns the video options in effect (defaults filled in).
func (w *Writer) Options() VideoOptions { return w.enc.Options() }

// Frame returns the input picture: three planes in C memory owned by the
// encoder, reused for every frame. Write BT.709 limited-range samples into
// it before each WriteFrame. Do not keep it after Close or Abort.
func (w *Writer) Frame() *image.YCbCr { return w.enc.Picture() }

// Frames returns the number of frames written so far.
func (w *Writer) Frames() int { return w.frames }

// WriteFrame encodes the current contents of Frame as the next frame. If
// ctx is done it returns ctx.Err() and the Writer must be aborted.
func (w *Writer) WriteFrame(ctx context.Context) error {
	if w.done {
		return ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := w.enc.Encode(w.emit); err != nil {
		return err
	}
	w.frames++
	return nil
}

// Close flushes the encoder and finishes the MP4 (for a path: moov before
// mdat, renamed into place; on error nothing is left at the path).
func (w *Writer) Close() error {
	if w.done {
		return ErrClosed
	}
	w.done = true
	if w.frames == 0 {
		w.enc.Close()
		w.mux.Abort()
		return fmt.Errorf("encode: no frames written")
	}
	err := w.enc.Flush(w.emit)
	w.enc.Close()
	if err != nil {
		w.mux.Abort()
		return err
	}
	return w.mux.Close()
}

// Abort discards the output: temporary files are removed, nothing is left
// at the path and a faststart Writer has received nothing (a fragmented
// one keeps the fragments already written). It is safe to call after Close (then it does nothing)
// and more than once.
func (w *Writer) Abort() error {
	w.done = true
	return errors.Join(w.enc.Close(), w.mux.Abort())
}
