package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/model"
)

// TestPagingNeverSkipsWithinASecond: 28 videos created 7 to a second
// (4 seconds) and listed 3 to a page are each listed exactly once by every
// walk: the server's own next_url and prev_url (absolute URLs), and the
// seed's client-built from=<created_on of the last video> and
// to=<created_on of the first>, which only work because a page never ends
// in the middle of a second.
func TestPagingNeverSkipsWithinASecond(t *testing.T) {
	t.Parallel()
	base := time.Unix(1_700_000_000, 0)
	e := newTestEnv(t, nil)
	c := e.loginApp("walk")
	ctx := context.Background()
	all := map[string]bool{}
	for i := range 28 {
		at := base.Add(time.Duration(i/7) * time.Second)
		v := &model.Video{ID: auth.NewID(), UserID: c.id, Name: fmt.Sprint("v", i), Status: model.StatusInitial, Quality: 360, CreatedOn: at, ModifiedOn: at}
		if err := e.store.CreateVideo(ctx, v); err != nil {
			t.Fatal(err)
		}
		all[v.ID] = true
	}
	type page struct {
		ids            []string
		first, last    int64
		next, prev     string
		hasNext, hasPv bool
	}
	get := func(u string) page {
		t.Helper()
		m := c.ok(c.do("GET", u, nil, nil))
		var p page
		vs := m["videos"].([]any)
		for i, x := range vs {
			v := x.(map[string]any)
			p.ids = append(p.ids, v["id"].(string))
			if i == 0 {
				p.first = int64(v["created_on"].(float64))
			}
			p.last = int64(v["created_on"].(float64))
		}
		pg := m["paging"].(map[string]any)
		p.next, p.hasNext = pg["next_url"].(string)
		p.prev, p.hasPv = pg["prev_url"].(string)
		for _, link := range []string{p.next, p.prev} {
			if link != "" && !strings.HasPrefix(link, e.ts.URL+"/me/videos?") {
				t.Fatalf("paging link %q is not absolute under %s", link, e.ts.URL)
			}
		}
		return p
	}
	walk := func(name, start string, step func(page) (string, bool)) []page {
		t.Helper()
		seen := map[string]bool{}
		var pages []page
		for u, ok := start, true; ok; {
			if len(pages) > 30 {
				t.Fatalf("%s: paging does not end", name)
			}
			p := get(u)
			pages = append(pages, p)
			for _, id := range p.ids {
				if seen[id] {
					t.Fatalf("%s: %s listed twice", name, id)
				}
				seen[id] = true
			}
			u, ok = step(p)
		}
		if len(seen) != len(all) {
			t.Fatalf("%s: listed %d of %d videos", name, len(seen), len(all))
		}
		return pages
	}
	older := walk("next_url", "/me/videos?count=3", func(p page) (string, bool) { return p.next, p.hasNext })
	walk("seed from=", "/me/videos?count=3", func(p page) (string, bool) {
		return fmt.Sprintf("/me/videos?count=3&from=%d", p.last), len(p.ids) > 0 && p.hasNext
	})
	// Back up from the oldest page (the last next_url).
	walk("prev_url", older[len(older)-2].next, func(p page) (string, bool) { return p.prev, p.hasPv })
	walk("seed to=", fmt.Sprintf("/me/videos?count=3&to=%d", base.Unix()-1), func(p page) (string, bool) {
		return fmt.Sprintf("/me/videos?count=3&to=%d", p.first), len(p.ids) > 0 && p.hasPv
	})
	// Every page holds whole seconds: 7 videos for count 3.
	if n := len(older[0].ids); n != 7 {
		t.Fatalf("first page: %d videos, want the 7 of its second", n)
	}
}
