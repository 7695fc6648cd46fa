package engine

import (
	"context"
	"errors"
	"image"

	"github.com/reelkit/reel/encode"
)

// trackWriter encodes one rendition. It is encode.Writer taken apart so
// that x264 can start on the first frame while the music is still being
// mixed and AAC-encoded (the muxer needs the finished audio track): coded
// packets produced before the audio exists are held in memory (at 720p
// about 100 kB per second of video) and handed to the muxer once it does.
type trackWriter struct {
	sink    encode.Sink
	count   *countingWriter // wraps sink.Writer; nil for a path
	enc     encode.VideoEncoder
	mux     encode.VideoMuxer
	pending []encode.Packet // data copied
	done    bool
}

func newTrackWriter(sink encode.Sink, v encode.VideoOptions) (*trackWriter, error) {
	enc, err := encode.NewVideoEncoder(v)
	if err != nil {
		return nil, err
	}
	t := &trackWriter{sink: sink, enc: enc}
	if sink.Writer != nil {
		t.count = &countingWriter{w: sink.Writer}
		t.sink.Writer = t.count
	}
	return t, nil
}

// Written returns the bytes written to the sink's Writer so far.
func (t *trackWriter) Written() int64 {
	if t.count == nil {
		return 0
	}
	return t.count.n
}

// WritePicture encodes pic (x264 copies it; pic may be reused at once).
func (t *trackWriter) WritePicture(ctx context.Context, pic *image.YCbCr) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return t.enc.EncodePicture(pic, t.emit)
}

func (t *trackWriter) emit(p encode.Packet) error {
	if t.mux != nil {
		return t.mux.WriteVideo(p)
	}
	p.Data = append([]byte(nil), p.Data...)
	t.pending = append(t.pending, p)
	return nil
}

// SetAudio starts the muxer with the shared audio track (nil: a silent
// file) and writes the packets held so far.
func (t *trackWriter) SetAudio(a *encode.AACTrack) error {
	o := t.enc.Options()
	mux, err := encode.NewSinkMuxer(t.sink, encode.VideoTrackConfig{
		Width: o.Width, Height: o.Height, FrameRate: o.FrameRate, SPS: t.enc.SPS(), PPS: t.enc.PPS(),
	}, a)
	if err != nil {
		return err
	}
	t.mux = mux
	for _, p := range t.pending {
		if err := mux.WriteVideo(p); err != nil {
			return err
		}
	}
	t.pending = nil
	return nil
}

// Close flushes x264 and finishes the MP4 (renamed into place for a path).
// SetAudio must have been called.
func (t *trackWriter) Close() error {
	if t.done {
		return encode.ErrClosed
	}
	if t.mux == nil {
		t.Abort()
		return errors.New("engine: internal error: rendition closed before its audio track was set")
	}
	t.done = true
	err := t.enc.Flush(t.emit)
	t.enc.Close()
	if err != nil {
		t.mux.Abort()
		return err
	}
	return t.mux.Close()
}

// Abort discards everything; nothing is left at the path.
func (t *trackWriter) Abort() {
	t.done = true
	t.enc.Close()
	if t.mux != nil {
		t.mux.Abort()
	}
	t.pending = nil
}
