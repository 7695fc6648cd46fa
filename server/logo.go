package server

import (
	"fmt"
	"math"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/internal/httpx"
)

// checkLogoAsset checks a logo asset of a create or update (assets[i]): it
// names one of the caller's photos by asset_id (checked against the store
// in apply) and its data places it (corner, size, opacity; see
// engine.KindLogo), so a bad logo is a 400 at update time rather than a
// refused render.
func checkLogoAsset(i int, a engine.Asset) error {
	at := fmt.Sprintf("assets[%d]", i)
	if a.AssetID == "" {
		return httpx.FieldError(at+".asset_id", "a logo needs the asset_id of one of your photos")
	}
	d := a.Data
	switch d.Corner {
	case "", "top-left", "top-right", "bottom-left", "bottom-right":
	default:
		return httpx.FieldError(at+".data.corner", fmt.Sprintf("must be top-left, top-right, bottom-left or bottom-right, not %q", d.Corner))
	}
	if d.Size < 0 || d.Size > 1 || math.IsNaN(d.Size) {
		return httpx.FieldError(at+".data.size", fmt.Sprintf("must be a fraction of the frame's width in (0, 1], not %v", d.Size))
	}
	if d.Opacity < 0 || d.Opacity > 1 || math.IsNaN(d.Opacity) {
		return httpx.FieldError(at+".data.opacity", fmt.Sprintf("must be 0..1, not %v", d.Opacity))
	}
	return nil
}
