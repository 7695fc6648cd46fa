package server

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestUpdateNullMeansUnchanged: in a partial update, null (JSON) or an
// empty form field leaves name, style, quality and credit as they were;
// credit=[] clears the credits; assets null clears the assets (Picovico's
// SDK sends assets=json.dumps(None) for a project without assets, and
// never sends credit when it has none).
func TestUpdateNullMeansUnchanged(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.loginApp("null")
	id := c.ok(c.form("POST", "/me/videos", "name", "n"))["id"].(string)
	jsonBody := func(s string) resp {
		return c.do("POST", "/me/videos/"+id, strings.NewReader(s), map[string]string{"Content-Type": "application/json"})
	}
	set := `{"name":"Trip","style":"vanilla","quality":480,"credit":[["Music","Ann"]],"assets":[{"name":"text","data":{"title":"Hi"}}]}`
	set = strings.Replace(set, "vanilla", e.srv.styles.Default().MachineName, 1)
	base := c.ok(jsonBody(set))
	for _, tc := range []struct {
		name string
		do   func() resp
		// changed lists the fields that differ from base afterwards, with
		// their new JSON.
		changed map[string]string
	}{
		{"json nulls", func() resp {
			return jsonBody(`{"name":null,"style":null,"quality":null,"credit":null}`)
		}, nil},
		{"form empty credit", func() resp { return c.form("POST", "/me/videos/"+id, "credit", "") }, nil},
		{"form null credit", func() resp { return c.form("POST", "/me/videos/"+id, "credit", "null") }, nil},
		{"empty credit list clears", func() resp { return jsonBody(`{"credit":[]}`) }, map[string]string{"credit": `[]`}},
		{"null assets clears", func() resp { return jsonBody(`{"assets":null}`) }, map[string]string{"assets": `[]`}},
	} {
		c.ok(jsonBody(set))
		got := c.ok(tc.do())
		for _, k := range []string{"name", "style", "quality", "credit", "assets"} {
			want, _ := json.Marshal(base[k])
			if w, ok := tc.changed[k]; ok {
				want = []byte(w)
			}
			if g, _ := json.Marshal(got[k]); string(g) != string(want) {
				t.Errorf("%s: %s = %s, want %s", tc.name, k, g, want)
			}
		}
	}
}
