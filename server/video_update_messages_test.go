package server

import (
	"strings"
	"testing"
)

// TestUpdateMessagesSpeakJSON: a wrongly typed field is a 400 whose
// message names the element and the JSON types involved, never
// encoding/json's text with Go type names.
func TestUpdateMessagesSpeakJSON(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.loginApp("msg")
	id := c.ok(c.form("POST", "/me/videos", "name", "m"))["id"].(string)
	for _, tc := range []struct {
		field, value string // form field (JSON inside, as Picovico's clients send it)
		json         string // or a JSON body
		want         string
	}{
		{field: "assets", value: `[1]`, want: "assets[0]: expected an object with name, asset_id, data, got a number"},
		{field: "assets", value: `[[1]]`, want: "assets[0]: expected an object with name, asset_id, data, got a list"},
		{field: "assets", value: `{"name":"image"}`, want: "assets: expected a list of an object with name, asset_id, datas, got an object"},
		{field: "assets", value: `nope`, want: "assets: not valid JSON"},
		{field: "assets", value: `[{"name":1}]`, want: "assets[0].name: expected a string, got a number"},
		{field: "assets", value: `[{"name":"image","data":"x"}]`, want: "assets[0].data: expected an object, got a string"},
		{field: "assets", value: `[{"name":"image","data":{"caption":5}}]`, want: "assets[0].data.caption: expected a string, got a number"},
		{field: "assets", value: `[{"name":"text"},{"name":"image","start_time":"x"}]`, want: `assets[1].start_time: "x" is not a number`},
		{field: "assets", value: `[{"name":"image","end_time":[]}]`, want: `assets[0].end_time: want a number, got []`},
		{field: "assets", value: `[{"name":"movie"}]`, want: `assets[0].name: must be image, video, text, music or logo, not "movie"`},
		{field: "assets", value: `[{"name":"video"}]`, want: `assets[0].asset_id: a video needs the asset_id of one of your clips`},
		{field: "assets", value: `[{"name":"image","asset_id":"nope"}]`, want: `assets[0].asset_id: image "nope" not found`},
		{field: "credit", value: `[1]`, want: `credit[0]: expected a list of two strings, like ["Music", "Artist"], got a number`},
		{field: "credit", value: `[{"role":"a"}]`, want: "credit[0]: expected a list of two strings, like [\"Music\", \"Artist\"], got an object"},
		{field: "credit", value: `[["a",1]]`, want: "credit[0][1]: expected a string, got a number"},
		{field: "credit", value: `{"a":"b"}`, want: "credit: expected a list of rows, each a list of two strings"},
		{field: "credit", value: `[[`, want: "credit: not valid JSON"},
		{json: `{"assets":[true]}`, want: "assets[0]: expected an object with name, asset_id, data, got true/false"},
		{json: `{"assets":[{"asset_id":{}}]}`, want: "assets[0].asset_id: want a string, got {}"},
		{json: `{"credit":[[1,2]]}`, want: "credit[0][0]: expected a string, got a number"},
		{json: `{"quality":[720]}`, want: "quality: must be an integer"},
		{json: `{"name":{"a":1}}`, want: "name: must be a string"},
		{json: `[1]`, want: "malformed JSON body: a JSON object is expected"},
		{json: `{"name":NaN}`, want: "malformed JSON body: invalid character 'N' looking for beginning of value at byte 9 (NaN and Infinity are not JSON numbers)"},
		{json: `{"name":"a"`, want: "malformed JSON body: it ends before the object does"},
		{json: `{"name":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`, want: "malformed JSON body: nested too deeply"},
		{json: `{"assets":[{"name":"image","asset_id":"x","start_time":1e400}]}`, want: "assets[0]: the number 1e400 is out of range"},
		{json: `{"name":"a\u0000b"}`, want: "name: must not contain a NUL character"},
		{json: "{\"name\":\"caf\xe9\"}", want: "malformed JSON body: it is not valid UTF-8"},
		{field: "name", value: "caf\xe9", want: "name: is not valid UTF-8"},
		{field: "name", value: "a\x00b", want: "name: must not contain a NUL character"},
	} {
		var r resp
		if tc.json != "" {
			r = c.do("POST", "/me/videos/"+id, strings.NewReader(tc.json), map[string]string{"Content-Type": "application/json"})
		} else {
			r = c.form("POST", "/me/videos/"+id, tc.field, tc.value)
		}
		name := tc.field + "=" + tc.value + tc.json
		if len(name) > 80 {
			name = name[:80] + "..."
		}
		if r.code != 400 {
			t.Errorf("%s: %d %s", name, r.code, r.body)
			continue
		}
		msg := r.json(t)["error"].(map[string]any)["message"].(string)
		if !strings.Contains(msg, tc.want) {
			t.Errorf("%s: message %q, want %q", name, msg, tc.want)
		}
		for _, bad := range []string{"json:", "Go ", "engine.", "interface", "struct", "unmarshal", "reflect", "RawMessage", "float64", "main."} {
			if strings.Contains(msg, bad) {
				t.Errorf("%s: message %q shows %q", name, msg, bad)
			}
		}
	}
}
