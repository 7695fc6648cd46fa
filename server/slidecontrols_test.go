package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// A video update keeps each slide's data.transition and
// data.text_position (GET answers them as sent, and a later update that
// leaves the assets alone keeps them); a bad value is a 400 whose JSON
// message names the field and the allowed values.
func TestUpdateKeepsSlideControls(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.loginApp("slidecontrols")
	id := c.ok(c.form("POST", "/me/videos", "name", "s"))["id"].(string)
	img := c.putPhoto(testJPEG(t, 64, 36, 1))
	assets := fmt.Sprintf(`[{"name":"image","asset_id":%q,"data":{"text":"x","transition":"push-left","text_position":"top"}},`+
		`{"name":"text","data":{"title":"T","transition":"wipe"}},{"name":"music","asset_id":"lib-chords"}]`, img)
	c.ok(c.form("POST", "/me/videos/"+id, "style", "vanilla", "assets", assets))
	c.ok(c.form("POST", "/me/videos/"+id, "name", "renamed"))
	got := c.ok(c.do("GET", "/me/videos/"+id, nil, nil))
	b, _ := json.Marshal(got["assets"])
	for _, want := range []string{`"transition":"push-left"`, `"text_position":"top"`, `"transition":"wipe"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("stored assets %s lack %s", b, want)
		}
	}
	for _, tc := range []struct{ data, kind, want string }{
		{`{"transition":"spin"}`, "image", `assets[0].data.transition: must be one of crossfade, push-left, push-right, push-up, push-down, zoom-through, wipe, dip-to-colour (or absent: the style's choice), not "spin"`},
		{`{"text_position":"left"}`, "image", `assets[0].data.text_position: must be top, middle or bottom (or absent: the style's placement), not "left"`},
		{`{"title":"T","text_position":"top"}`, "text", `assets[0].data.text_position: only image and video captions have a position, not a text asset`},
		{`{"transition":5}`, "image", `assets[0].data.transition: expected a string, got a number`},
	} {
		a := fmt.Sprintf(`[{"name":%q,"asset_id":%q,"data":%s}]`, tc.kind, img, tc.data)
		if tc.kind == "text" {
			a = fmt.Sprintf(`[{"name":"text","data":%s}]`, tc.data)
		}
		r := c.form("POST", "/me/videos/"+id, "assets", a)
		if r.code != 400 {
			t.Errorf("%s: %d %s", tc.data, r.code, r.body)
			continue
		}
		if msg := r.json(t)["error"].(map[string]any)["message"].(string); !strings.Contains(msg, tc.want) {
			t.Errorf("%s: message %q, want %q", tc.data, msg, tc.want)
		}
	}
}
