package server

import (
	"strings"
	"testing"
)

// TestEmptyFormValueLeavesFieldUnchanged: in a partial update an
// empty form value (`-d name=`, `style=`, `quality=`, `credit=`) leaves
// the field unchanged, exactly like JSON null and JSON "" do.
func TestEmptyFormValueLeavesFieldUnchanged(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.loginApp("f4")
	id := readyVideo(t, c)
	c.ok(c.form("POST", "/me/videos/"+id, "name", "Kept", "style", "vanilla", "quality", "480", "credit", `[["Music","Me"]]`))
	check := func(how string) {
		t.Helper()
		v := c.ok(c.do("GET", "/me/videos/"+id, nil, nil))
		cr, _ := v["credit"].([]any)
		if v["name"] != "Kept" || v["style"] != "vanilla" || v["quality"] != 480.0 || len(cr) != 1 {
			t.Fatalf("after %s: name %v style %v quality %v credit %v", how, v["name"], v["style"], v["quality"], v["credit"])
		}
	}
	c.ok(c.form("POST", "/me/videos/"+id, "name", "", "style", "", "quality", "", "credit", ""))
	check("empty form values")
	c.ok(c.form("POST", "/me/videos/"+id, "name", "  ", "style", " "))
	check("blank form values")
	hdr := map[string]string{"Content-Type": "application/json"}
	c.ok(c.do("POST", "/me/videos/"+id, strings.NewReader(`{"name":null,"style":null,"quality":null,"credit":null}`), hdr))
	check("JSON null")
	c.ok(c.do("POST", "/me/videos/"+id, strings.NewReader(`{"name":"","style":"","quality":"","credit":""}`), hdr))
	check(`JSON ""`)
	// An explicit empty list still clears the credits.
	v := c.ok(c.form("POST", "/me/videos/"+id, "credit", "[]"))
	if cr, _ := v["credit"].([]any); len(cr) != 0 {
		t.Fatalf("credit=[] kept %v", v["credit"])
	}
}
