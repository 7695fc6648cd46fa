package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// A music asset's data.trim_start (the time into the track where it
// starts) is stored as sent and kept by later updates; a negative one, or
// one at or past the track's end, is a 400 whose JSON message names the
// field.
func TestUpdateKeepsMusicTrim(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.loginApp("musictrim")
	id := c.ok(c.form("POST", "/me/videos", "name", "m"))["id"].(string)
	img := c.putPhoto(testJPEG(t, 64, 36, 1))
	assets := fmt.Sprintf(`[{"name":"image","asset_id":%q},{"name":"music","asset_id":"lib-chords","data":{"trim_start":2.5}}]`, img)
	c.ok(c.form("POST", "/me/videos/"+id, "style", "vanilla", "assets", assets))
	c.ok(c.form("POST", "/me/videos/"+id, "name", "renamed"))
	got := c.ok(c.do("GET", "/me/videos/"+id, nil, nil))
	b, _ := json.Marshal(got["assets"])
	if !strings.Contains(string(b), `"trim_start":2.5`) {
		t.Errorf("stored assets %s lack the music's trim_start 2.5", b)
	}
	for _, tc := range []struct{ trim, want string }{
		{"-1", `assets[1].data.trim_start: must be seconds >= 0 (the time into the track where it starts), not -1`},
		{"86000", `assets[1].data.trim_start: 86000.000 s is not before the track's end`},
	} {
		a := fmt.Sprintf(`[{"name":"image","asset_id":%q},{"name":"music","asset_id":"lib-chords","data":{"trim_start":%s}}]`, img, tc.trim)
		r := c.form("POST", "/me/videos/"+id, "assets", a)
		if r.code != 400 {
			t.Errorf("trim_start %s: %d %s", tc.trim, r.code, r.body)
			continue
		}
		if msg := r.json(t)["error"].(map[string]any)["message"].(string); !strings.Contains(msg, tc.want) {
			t.Errorf("trim_start %s: message %q, want %q", tc.trim, msg, tc.want)
		}
	}
}
