package render

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/store"
)

// WithClipLengths gives each video asset of p that plays to its clip's
// end (trim_end 0) the clip's stored length as its trim_end, on a copy
// of p's assets. The server plans projects without reading their files
// (engine.Validate with no resolver: /timeline, a draft's duration, the
// frame preview's times, a preview's frame rate), and the engine cannot
// know an unread clip's length: it would time the clip as a photo slide
// while the render, which reads the clip's headers, plays it to its end.
// The length stored at upload is what those headers say. A clip that
// cannot be found is left as it is: its render fails anyway.
func WithClipLengths(ctx context.Context, m store.Media, userID string, p *engine.Project) {
	copied := false
	for i, a := range p.Assets {
		if a.Kind != kindVideo || a.AssetID == "" || a.Data.TrimEnd != 0 {
			continue
		}
		c, err := m.Clip(ctx, userID, a.AssetID)
		if err != nil || c.Duration <= float64(a.Data.TrimStart)/float64(time.Second) {
			continue
		}
		if !copied {
			p.Assets, copied = slices.Clone(p.Assets), true
		}
		p.Assets[i].Data.TrimEnd = time.Duration(math.Round(c.Duration * float64(time.Second)))
	}
}
