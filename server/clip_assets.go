package server

import (
	"fmt"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/internal/httpx"
)

// checkVideoAsset checks a video asset on its own: it must name a clip.
func checkVideoAsset(i int, a engine.Asset) error {
	if a.AssetID == "" {
		return httpx.FieldError(fmt.Sprintf("assets[%d].asset_id", i), "a video needs the asset_id of one of your clips (PUT /me/clips)")
	}
	return nil
}
