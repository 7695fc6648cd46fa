package server

import (
	"context"
	"slices"
	"testing"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/styles"
)

// TestStyleObjectHasEverySeedField: the style object carries every key of
// Picovico's style response object (docs/styles), and "allowed" is true
// exactly for callers that send valid credentials, on /styles as on
// /me/styles, and for the studio's session cookie as for the headers.
func TestStyleObjectHasEverySeedField(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.loginApp("d")
	headers := map[string]string{"X-Access-Key": c.key, "X-Access-Token": c.token}
	if _, err := auth.AddUser(context.Background(), e.store, "ada", "pw-ada", "Ada", -1); err != nil {
		t.Fatal(err)
	}
	cookie, _, lr := sessionLogin(t, e, "ada", "pw-ada")
	if lr.code != 200 {
		t.Fatalf("studio login: %d %s", lr.code, lr.body)
	}
	session := map[string]string{"Cookie": cookie}
	for _, tc := range []struct {
		path    string
		hdr     map[string]string
		allowed bool
	}{
		{"/styles", nil, false},
		{"/styles/vanilla", nil, false},
		{"/styles", headers, true},
		{"/styles/vanilla", headers, true},
		{"/me/styles", headers, true},
		{"/me/styles/vanilla", headers, true},
		{"/styles", map[string]string{"X-Access-Key": c.key, "X-Access-Token": "wrong"}, false},
		{"/styles", session, true},
		{"/styles/vanilla", session, true},
		{"/me/styles", session, true},
		{"/styles", map[string]string{"Cookie": "reel_session=" + c.key + ".wrong"}, false},
	} {
		r := e.do("GET", tc.path, nil, tc.hdr)
		if r.code != 200 {
			t.Fatalf("%s: %d %s", tc.path, r.code, r.body)
		}
		st := r.json(t)["data"].([]any)[0].(map[string]any)
		for _, k := range []string{"category", "is_featured", "machine_name", "description", "limits", "quality", "musics",
			"order", "thumbnail", "meta", "sponsored", "scope", "sample_url", "size", "type", "youtube_url", "is_story", "name"} {
			if _, ok := st[k]; !ok {
				t.Errorf("%s: style object lacks %q", tc.path, k)
			}
		}
		if sp, _ := st["sponsored"].(map[string]any); sp == nil || sp["begin"] == nil || sp["end"] == nil {
			t.Errorf("%s: sponsored %v, want begin and end lists", tc.path, st["sponsored"])
		}
		q720 := st["quality"].([]any)[1].(map[string]any)
		if q720["res"] != "720" || q720["allowed"] != tc.allowed {
			t.Errorf("%s with auth=%v: 720 quality %v, want allowed=%v", tc.path, tc.hdr != nil, q720, tc.allowed)
		}
	}
}

// TestExtraStylesAreListed: a style added through Config.Styles (reeld's
// --styles DIR) is listed by /styles beside the built-in ones and served
// by /styles/{name}.
func TestExtraStylesAreListed(t *testing.T) {
	t.Parallel()
	brand := styles.Builtin().Default().Clone()
	brand.MachineName, brand.Name = "brand", "Brand"
	reg, err := styles.WithBuiltin(brand)
	if err != nil {
		t.Fatal(err)
	}
	e := newTestEnv(t, func(c *Config) { c.Styles = reg })
	r := e.do("GET", "/styles", nil, nil)
	if r.code != 200 {
		t.Fatalf("/styles: %d %s", r.code, r.body)
	}
	var names []string
	for _, st := range r.json(t)["data"].([]any) {
		names = append(names, st.(map[string]any)["machine_name"].(string))
	}
	if !slices.Contains(names, "brand") || !slices.Contains(names, "vanilla") || len(names) != len(styles.Builtin().List())+1 {
		t.Errorf("/styles lists %v, want the built-in styles and brand", names)
	}
	if r := e.do("GET", "/styles/brand", nil, nil); r.code != 200 {
		t.Errorf("/styles/brand: %d %s", r.code, r.body)
	}
}
