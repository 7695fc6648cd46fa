package server

import (
	"context"
	"slices"

	"github.com/reelkit/reel/engine"
)

// withClipLengths gives every video asset of p that plays to its clip's
// end (data.trim_end 0) that end from the clip's record, measured at
// upload, and returns p. The studio's plans (the timeline, the time of
// a frame, a draft's duration, the preview's key) are made without
// reading any asset, and the engine times an unread clip by the style's
// photo length; with the end known they time the clip as a render
// does. p's assets are copied before any change; a clip that is gone
// is left as it is (the render refuses it).
func (s *Server) withClipLengths(ctx context.Context, userID string, p *engine.Project) *engine.Project {
	copied := false
	for i, a := range p.Assets {
		if a.Name != kindVideo || a.Data.TrimEnd != 0 || a.AssetID == "" {
			continue
		}
		c, err := s.store.Clip(ctx, userID, a.AssetID)
		if err != nil || c.Duration <= a.Data.TrimStart {
			continue
		}
		if !copied {
			p.Assets = slices.Clone(p.Assets)
			copied = true
		}
		p.Assets[i].Data.TrimEnd = c.Duration
	}
	return p
}
