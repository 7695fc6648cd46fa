package server

import (
	"bytes"
	"strings"
	"testing"
)

// TestStorageQuotaAndDedup: a user's identical uploads are stored once
// (the same photo or music comes back) and counted once; an upload past
// the quota is a 413 that says by how much, keeps no file and no row;
// /me shows what is used and allowed.
func TestStorageQuotaAndDedup(t *testing.T) {
	t.Parallel()
	photo := testJPEG(t, 64, 48, 1)
	other := testJPEG(t, 64, 48, 2)
	e := newTestEnv(t, func(c *Config) { c.StorageQuota = int64(len(photo)) + int64(len(other))/2 })
	c := e.loginApp("q")
	put := func(b []byte) resp {
		return c.do("PUT", "/me/photos", bytes.NewReader(b), map[string]string{"Content-Type": "image/jpeg"})
	}
	first := c.ok(put(photo))["id"].(string)
	for range 3 {
		if again := c.ok(put(photo))["id"].(string); again != first {
			t.Fatalf("identical upload made photo %s, want %s again", again, first)
		}
	}
	me := c.ok(c.do("GET", "/me", nil, nil))
	if int(me["storage_used"].(float64)) != len(photo) || me["storage_quota"] == nil {
		t.Fatalf("/me after 4 identical uploads: used %v quota %v, want %d once", me["storage_used"], me["storage_quota"], len(photo))
	}
	r := put(other)
	if r.code != 413 || !strings.Contains(string(r.body), "storage quota exceeded") {
		t.Fatalf("upload past the quota: %d %s", r.code, r.body)
	}
	if ps := c.ok(c.do("GET", "/me/photos", nil, nil))["photos"].([]any); len(ps) != 1 {
		t.Fatalf("%d photos listed after the refused upload, want 1", len(ps))
	}
	if files := blobFiles(t, e.dir); len(files) != 2 { // the original and its thumbnail
		t.Fatalf("photo files %v, want one photo's two", files)
	}
}
