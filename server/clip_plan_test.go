package server

import (
	"bytes"
	"fmt"
	"math"
	"testing"
)

// TestPlanTimesClipsByTheirLength: /timeline and a draft's duration,
// planned without reading any file, give a clip its stored length (the
// fake lasts 12.5 s) or its trimmed part, not a photo slide's length;
// the stored asset keeps its data as sent.
func TestPlanTimesClipsByTheirLength(t *testing.T) {
	t.Parallel()
	e := withFakeClips(newTestEnv(t, nil), fakeClips{})
	c := e.loginApp("plan")
	clip := c.ok(c.do("PUT", "/me/clips", bytes.NewReader(fakeClip(t, fakeInfo)), nil))["id"].(string)
	id := c.ok(c.do("POST", "/me/videos", nil, nil))["id"].(string)
	for _, tc := range []struct {
		data string
		want float64 // seconds the clip plays
	}{
		{`{}`, 12.5},
		{`{"trim_start":2.5}`, 10},
		{`{"trim_start":1,"trim_end":4}`, 3},
	} {
		v := c.ok(c.form("POST", "/me/videos/"+id, "name", "Plan", "style", "vanilla",
			"assets", fmt.Sprintf(`[{"name":"video","asset_id":%q,"data":%s},{"name":"music","asset_id":"lib-chords"}]`, clip, tc.data)))
		if d := v["assets"].([]any)[0].(map[string]any)["data"].(map[string]any); d["trim_end"] != nil && tc.data == `{}` {
			t.Fatalf("stored data %v: the plan's trim_end leaked into the video", d)
		}
		tl := c.ok(c.do("GET", "/me/videos/"+id+"/timeline", nil, nil))
		var clipSlide map[string]any
		for _, s := range tl["slides"].([]any) {
			if s := s.(map[string]any); s["kind"] == "video" {
				clipSlide = s
			}
		}
		if clipSlide == nil {
			t.Fatalf("%s: no video slide in %v", tc.data, tl)
		}
		// The slide, its incoming transition included, is the played
		// part: the clip starts playing as it fades in.
		got := clipSlide["end"].(float64) - clipSlide["start"].(float64)
		if math.Abs(got-tc.want) > 1/tl["frame_rate"].(float64) {
			t.Errorf("%s: the clip's slide lasts %.3f s, want %.3f s", tc.data, got, tc.want)
		}
		if d := v["duration"].(float64); d != math.Round(tl["duration"].(float64)) {
			t.Errorf("%s: the draft says %v s, /timeline %v s", tc.data, d, tl["duration"])
		}
	}
}
