package server

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"
)

// BenchmarkStudioFrame measures GET /me/videos/{id}/frame.jpg end to end
// over HTTP (auth, plan, cache lookup, engine frame, JPEG encode) on a
// project of the four first test photos with captions, a text slide and
// credits. "cold" asks for a different frame every time (every request
// draws; each photo is decoded once, on its first frame, as when
// scrubbing); "cold-undecoded" empties both caches before every request;
// "warm" repeats frames already drawn (cache hits). Reports the p50 and
// p95 latency in ms.
//
//	go test -run - -bench StudioFrame -benchtime 60x ./server/
func BenchmarkStudioFrame(b *testing.B) {
	e := newTestEnv(b, nil)
	c := e.addUser("bench", -1)
	var assets []map[string]any
	for i := 1; i <= 4; i++ {
		id := c.putPhoto(readTestdata(b, fmt.Sprintf("photos/%02d.jpg", i)))
		assets = append(assets, map[string]any{"name": "image", "asset_id": id, "data": map[string]string{"text": fmt.Sprintf("Caption number %d", i)}})
	}
	assets = append(assets, map[string]any{"name": "text", "data": map[string]string{"title": "Day two", "text": "Into the hills"}})
	js, _ := json.Marshal(assets)
	v := c.ok(c.form("POST", "/me/videos", "name", "Bench", "style", "vanilla", "assets", string(js), "credit", `[["Photos","Marco"]]`))
	vid := v["id"].(string)
	tl := c.ok(c.do("GET", "/me/videos/"+vid+"/timeline", nil, nil))
	dur := tl["duration"].(float64)

	run := func(b *testing.B, at func(i int) float64, wantCache string) {
		lat := make([]time.Duration, 0, b.N)
		for i := 0; b.Loop(); i++ {
			t0 := time.Now()
			r := c.do("GET", fmt.Sprintf("/me/videos/%s/frame.jpg?t=%.3f", vid, at(i)), nil, nil)
			lat = append(lat, time.Since(t0))
			if r.code != 200 || r.hdr.Get("X-Frame-Cache") != wantCache {
				b.Fatalf("frame %d: %d cache %q: %.200s", i, r.code, r.hdr.Get("X-Frame-Cache"), r.body)
			}
		}
		slices.Sort(lat)
		pct := func(p float64) float64 {
			return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
		}
		b.ReportMetric(pct(0.50), "p50-ms")
		b.ReportMetric(pct(0.95), "p95-ms")
	}
	// Distinct frames spread over the whole video (a golden-ratio walk
	// over frame indices, so no two requests share a frame until the
	// timeline is exhausted).
	frames := int(dur * 30)
	seen := map[int]bool{}
	var order []int
	for i := 0; len(order) < frames; i++ {
		f := int(float64(i)*0.6180339887*float64(frames)) % frames
		if !seen[f] {
			seen[f] = true
			order = append(order, f)
		}
		if i > 100*frames {
			break
		}
	}
	b.Run("cold", func(b *testing.B) {
		if b.N > len(order) {
			b.Skipf("only %d distinct frames", len(order))
		}
		run(b, func(i int) float64 { return (float64(order[i]) + 0.5) / 30 }, "miss")
	})
	b.Run("cold-undecoded", func(b *testing.B) {
		// Every request a new frame with no photo decoded yet: the cost
		// before the decoded-photo cache.
		run(b, func(i int) float64 {
			e.srv.frames.reset()
			e.srv.photos.reset()
			return (float64(order[i%len(order)]) + 0.5) / 30
		}, "miss")
	})
	b.Run("warm", func(b *testing.B) {
		c.do("GET", fmt.Sprintf("/me/videos/%s/frame.jpg?t=%.3f", vid, 1.0), nil, nil)
		run(b, func(int) float64 { return 1.0 }, "hit")
	})
}
