package server

import "testing"

// TestMeHasSeedProfileFields: GET /me carries every scalar key of
// Picovico's profile object (docs/account/profile.md), empty where reel
// keeps no such data, plus reel's username and credits.
func TestMeHasSeedProfileFields(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.addUser("prof", 4)
	me := c.ok(c.do("GET", "/me", nil, nil))
	for _, k := range []string{"id", "profile_pic", "email", "address", "gender", "country", "date_of_birth", "name", "total_videos", "bio", "username", "credits"} {
		if _, ok := me[k]; !ok {
			t.Errorf("/me lacks %q: %v", k, me)
		}
	}
	if me["id"] != c.id || me["name"] != "prof" || me["total_videos"].(float64) != 0 || me["credits"].(float64) != 4 {
		t.Fatalf("/me %v", me)
	}
}
