package server

import (
	"fmt"
	"math"
	"time"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
)

// kindVideo is the asset kind of a video clip: {"name": "video",
// "asset_id": CLIP_ID}.
const kindVideo = engine.KindVideo

// checkClipTrim checks a video asset's data against the clip it names,
// at update time, so a bad trim is a 400 naming the field rather than a
// failed render: trim_start and trim_end are seconds of the clip
// (trim_end 0: its end; up to 0.25 s past the end means the end, as the
// engine reads it), the part they keep must lie inside the clip and be
// longer than zero; volume is 0..engine.MaxClipVolume.
func checkClipTrim(i int, a engine.Asset, c *model.Clip) error {
	at := fmt.Sprintf("assets[%d].data.", i)
	d := a.Data
	const slack = 0.25 // the engine's trimSlack: a length rounded up
	// The trims in seconds, as the JSON had them (one rounding).
	ts, te := float64(d.TrimStart)/float64(time.Second), float64(d.TrimEnd)/float64(time.Second)
	switch {
	case ts < 0 || math.IsNaN(ts) || math.IsInf(ts, 0):
		return httpx.FieldError(at+"trim_start", fmt.Sprintf("must be seconds >= 0, not %v", ts))
	case te < 0 || math.IsNaN(te) || math.IsInf(te, 0):
		return httpx.FieldError(at+"trim_end", fmt.Sprintf("must be seconds >= 0 (0: the clip's end), not %v", te))
	case ts >= c.Duration:
		return httpx.FieldError(at+"trim_start", fmt.Sprintf("%.3f s is not before the clip's end (%.3f s)", ts, c.Duration))
	case te > c.Duration+slack:
		return httpx.FieldError(at+"trim_end", fmt.Sprintf("%.3f s is past the clip's end (%.3f s)", te, c.Duration))
	case te > 0 && te <= ts:
		return httpx.FieldError(at+"trim_end", fmt.Sprintf("%.3f s is not after trim_start (%.3f s)", te, ts))
	case d.Volume != nil && (*d.Volume < 0 || *d.Volume > engine.MaxClipVolume || math.IsNaN(*d.Volume)):
		return httpx.FieldError(at+"volume", fmt.Sprintf("must be 0..%v (1: as recorded), not %v", engine.MaxClipVolume, *d.Volume))
	}
	return nil
}

// checkMusicTrim checks a music asset's data.trim_start (the time into
// the track where it starts playing) against the track's probed length,
// at update time, so that a skip past the end is a 400 naming the field
// rather than a failed render.
func checkMusicTrim(i int, a engine.Asset, m *model.Music) error {
	ts := float64(a.Data.TrimStart) / float64(time.Second)
	if ts > 0 && m != nil && m.Duration > 0 && ts >= m.Duration {
		return httpx.FieldError(fmt.Sprintf("assets[%d].data.trim_start", i), fmt.Sprintf("%.3f s is not before the track's end (%.3f s)", ts, m.Duration))
	}
	return nil
}
