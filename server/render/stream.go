package render

import (
	"context"
	"io"

	"github.com/reelkit/reel/engine"
)

// StreamRenderer is implemented by Renderers that can stream a low
// resolution preview of a project as a fragmented MP4 while it renders
// (EngineRenderer does); the studio's playing preview uses it.
type StreamRenderer interface {
	// StreamPreview writes p's 144p preview to w as a fragmented MP4:
	// ftyp and moov once the first two seconds are coded, then one
	// fragment per two seconds, flushed when w can be flushed. A failed or
	// cancelled stream leaves the fragments already written.
	StreamPreview(ctx context.Context, p *engine.Project, r engine.Resolver, w io.Writer) error
}

// LivePreviewFrameRate is the frame rate of a streamed preview of a
// project of seconds: 15 fps, enough for motion and transitions to read
// as motion, fewer for long projects so a stream never draws more than
// PreviewMaxFrames.
func LivePreviewFrameRate(seconds float64) engine.Rational {
	fps := 15
	if seconds > 0 && float64(fps)*seconds > PreviewMaxFrames {
		fps = max(1, int(PreviewMaxFrames/seconds))
	}
	return engine.Rational{Num: fps, Den: 1}
}

// StreamPreview renders p in preview mode (256x144 in 16:9, the same
// short side in other aspects; x264 ultrafast) at LivePreviewFrameRate
// into w as a fragmented MP4.
func (e *EngineRenderer) StreamPreview(ctx context.Context, p *engine.Project, r engine.Resolver, w io.Writer) error {
	opts := e.EngineOptions()
	opts.Preview = true
	pl, err := engine.Validate(ctx, p, nil, opts)
	if err != nil {
		return err
	}
	opts.FrameRate = LivePreviewFrameRate(pl.Duration())
	opts.Writer = w
	opts.Fragmented = true
	_, err = engine.Render(ctx, p, r, opts)
	return err
}
