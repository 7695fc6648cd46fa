package server

import (
	"bytes"
	"fmt"
	"math"
	"testing"
	"time"
)

// TestTimelineTimesClipsByTheirLength: a clip slide that plays to the
// clip's end lasts the clip's length in GET /timeline and in the draft's
// duration (no file is read: the length comes from the upload's probe),
// a trimmed one its trimmed part, not the style's photo length.
func TestTimelineTimesClipsByTheirLength(t *testing.T) {
	t.Parallel()
	e := withFakeClips(newTestEnv(t, nil), fakeClips{})
	alice := e.addUser("alice", -1)
	info := fakeInfo
	info.Duration = 2500 * time.Millisecond
	clipID := alice.ok(alice.do("PUT", "/me/clips", bytes.NewReader(fakeClip(t, info)), nil))["id"].(string)
	photo := alice.putPhoto(testJPEG(t, 64, 48, 10))
	id := alice.ok(alice.do("POST", "/me/videos", nil, nil))["id"].(string)
	length := func(data string) (clip, total float64) {
		t.Helper()
		alice.ok(alice.form("POST", "/me/videos/"+id, "name", "Clips", "style", "vanilla", "assets",
			fmt.Sprintf(`[{"name":"image","asset_id":%q},{"name":"video","asset_id":%q,"data":%s},{"name":"music","asset_id":"lib-chords"}]`, photo, clipID, data)))
		tl := alice.ok(alice.do("GET", "/me/videos/"+id+"/timeline", nil, nil))
		for _, s := range tl["slides"].([]any) {
			if s := s.(map[string]any); s["kind"] == "video" {
				clip = s["end"].(float64) - s["start"].(float64)
			}
		}
		v := alice.ok(alice.do("GET", "/me/videos/"+id, nil, nil))
		if d := v["duration"].(float64); math.Abs(d-tl["duration"].(float64)) > 0.5 { // whole seconds
			t.Errorf("%s: the video's duration %v, the timeline's %v", data, d, tl["duration"])
		}
		return clip, tl["duration"].(float64)
	}
	whole, total := length(`{}`)
	trimmed, total2 := length(`{"trim_start":0.5,"trim_end":1.5}`)
	if math.Abs(whole-2.5) > 0.05 || math.Abs(trimmed-1) > 0.05 || total <= total2 {
		t.Errorf("a 2.5 s clip spans %.2f s of the timeline untrimmed (video %.2f s), %.2f s trimmed to 1 s (video %.2f s)", whole, total, trimmed, total2)
	}
}
