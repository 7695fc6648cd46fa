package main

import (
	"context"
	"os"
	"runtime/debug"

	"github.com/reelkit/reel/engine"
)

// defaultMemoryLimit is the Go heap's soft limit when GOMEMLIMIT is not
// set, before a render's frame size is known (and for a 1280x720 render
// of photos): renders allocate large short-lived buffers (photo decodes,
// canvas builds) and the default GC pacing (GOGC=100) would let the heap
// reach twice its live size; x264 needs about 110 MB of C memory beside
// it at 720p. The limit keeps a 720p render of photos near 210 MB of RSS
// at 1-2 % of its CPU in collections.
const defaultMemoryLimit = 96 << 20

// clipMemoryLimit is renderMemoryLimit's floor for a project with video
// clips: each open clip holds pictures decoded ahead of the frames that
// show them (see engine's clip feed) and its decoder's reordering window,
// which lift a 1280x720 render's live heap past defaultMemoryLimit.
const clipMemoryLimit = 192 << 20

// renderMemoryLimit is the soft limit for a render whose largest frame is
// size: defaultMemoryLimit scaled by its pixels against 1280x720 (never
// less), and at least clipMemoryLimit when it plays clips. A limit under
// the render's live heap makes the collector run without pause (at
// 96 MiB a 1920x1080 render of photos took 20 % more CPU, one with clips
// at 1280x720 26 % more; docs/PERFORMANCE.md "Memory").
func renderMemoryLimit(size engine.Size, clips bool) int64 {
	l := int64(defaultMemoryLimit) * max(int64(size.Width)*int64(size.Height), 1280*720) / (1280 * 720)
	if clips {
		l = max(l, clipMemoryLimit)
	}
	return l
}

// setRenderMemoryLimit sets the soft limit for rendering p with o, unless
// GOMEMLIMIT is set. A project that does not plan (it will fail the
// render with its own error) keeps the limit as it is.
func setRenderMemoryLimit(ctx context.Context, p *engine.Project, o engine.Options) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	pl, err := engine.Validate(ctx, p, nil, o)
	if err != nil {
		return
	}
	clips := false
	for _, a := range p.Assets {
		clips = clips || a.Kind == engine.KindVideo
	}
	debug.SetMemoryLimit(renderMemoryLimit(pl.Size, clips))
}
