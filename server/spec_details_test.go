package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/reelkit/reel/styles"
)

// TestSpecDetailsAsDocumented: the spec and protocol
// details, each decided as documented in the README.
func TestSpecDetailsAsDocumented(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) { c.Renderer = &stubRenderer{gate: make(chan struct{})} })
	c := e.loginApp("f9")

	// A new draft has the default style, not "".
	v := c.ok(c.do("POST", "/me/videos", nil, nil))
	if v["style"] != styles.DefaultName {
		t.Errorf("new draft style %q, want %q", v["style"], styles.DefaultName)
	}
	id := v["id"].(string)

	// credit rows are exactly [role, name].
	for _, bad := range []string{`[["a","b","c"]]`, `[["a"]]`, `[[]]`} {
		if r := c.form("POST", "/me/videos/"+id, "credit", bad); r.code != 400 || !strings.Contains(string(r.body), "credit[0]") {
			t.Errorf("credit=%s: %d %s, want 400 naming credit[0]", bad, r.code, r.body)
		}
	}
	if v := c.ok(c.form("POST", "/me/videos/"+id, "credit", `[["Music","Ann"]]`)); fmt.Sprint(v["credit"]) != "[[Music Ann]]" {
		t.Errorf("credit: %v", v["credit"])
	}

	// quality 0 is refused, an unknown style is 7401.
	if r := c.form("POST", "/me/videos/"+id, "quality", "0"); r.code != 400 {
		t.Errorf("quality=0: %d, want 400", r.code)
	}
	if r := c.form("POST", "/me/videos/"+id, "style", "nope"); r.code != 400 || r.errorStatus(t) != 7401 {
		t.Errorf("unknown style: %d %s, want 400/7401", r.code, r.body)
	}

	// /styles lists 1080 as not supported, and an update refuses exactly
	// the qualities /styles does not support.
	st := e.do("GET", "/styles/vanilla", nil, nil).json(t)["data"].([]any)[0].(map[string]any)
	for _, q := range st["quality"].([]any) {
		q := q.(map[string]any)
		r := c.form("POST", "/me/videos/"+id, "quality", q["res"].(string))
		if supported := q["supported"] == true; supported != (r.code == 200) {
			t.Errorf("quality %v: /styles supported=%v, update answered %d", q["res"], supported, r.code)
		}
	}

	// An update while processing: 409 with status 7202.
	ready := readyVideo(t, c)
	c.ok(c.do("POST", "/me/videos/"+ready+"/render", nil, nil))
	if r := c.form("POST", "/me/videos/"+ready, "name", "x"); r.code != 409 || r.errorStatus(t) != 7202 {
		t.Errorf("update while processing: %d %s, want 409/7202", r.code, r.body)
	}

	// duration is an integer number of seconds.
	vid, _ := e.store.Video(t.Context(), c.id, ready)
	vid.Duration = 7.9
	e.store.UpdateVideo(t.Context(), vid)
	if body := string(c.do("GET", "/me/videos/"+ready, nil, nil).body); !strings.Contains(body, `"duration":8,`) {
		t.Errorf("duration 7.9 s shown as %s, want 8", body[strings.Index(body, `"duration"`):][:16])
	}
}

// TestSeedStylePagingListsEveryVideo: a client that builds the seed's next_url
// (from=<created_on of the last video>) never sees the boundary video
// twice, and the newest page offers no prev_url.
func TestSeedStylePagingListsEveryVideo(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	e := newTestEnv(t, func(c *Config) { c.Now = clk.now })
	c := e.loginApp("pg")
	first := c.ok(c.do("POST", "/me/videos", nil, nil))["id"].(string)
	for range 4 {
		clk.add(time.Second)
		c.ok(c.do("POST", "/me/videos/"+first+"/duplicate", nil, nil))
	}
	page := func(q string) (ids []string, created []int64, paging map[string]any) {
		m := c.ok(c.do("GET", "/me/videos?"+q, nil, nil))
		for _, v := range m["videos"].([]any) {
			v := v.(map[string]any)
			ids = append(ids, v["id"].(string))
			created = append(created, int64(v["created_on"].(float64)))
		}
		return ids, created, m["paging"].(map[string]any)
	}
	ids1, created1, p1 := page("count=2")
	if p1["prev_url"] != nil {
		t.Errorf("newest page offers prev_url %v", p1["prev_url"])
	}
	ids2, _, _ := page(fmt.Sprintf("count=2&from=%d", created1[1]))
	seen := map[string]bool{}
	for _, id := range append(ids1, ids2...) {
		if seen[id] {
			t.Fatalf("video %s listed on both pages: %v then %v", id, ids1, ids2)
		}
		seen[id] = true
	}
	if len(ids2) != 2 {
		t.Fatalf("second page %v", ids2)
	}
	// from= beyond the newest video: the newest page again, no prev_url.
	_, _, p := page(fmt.Sprintf("count=2&from=%d", clk.now().Add(time.Hour).Unix()))
	if p["prev_url"] != nil {
		t.Errorf("a from= page holding the newest video offers prev_url %v", p["prev_url"])
	}
}
