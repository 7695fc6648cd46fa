package server

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
)

// handleListVideos: GET /me/videos, newest first, keyset paging on
// (created_on, id). from (and from_id) pages towards older videos, to (and
// to_id) towards newer ones; next_url and prev_url carry both parts of
// the cursor so nothing is skipped or repeated within one second. Without
// its _id part a bound is exclusive: from=T lists videos created before T,
// as a client that builds the seed's next_url (from=<created_on of the
// last video>) expects, so the boundary video is not listed twice.
func (s *Server) handleListVideos(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	q := r.URL.Query()
	count := 15
	if c := q.Get("count"); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 1 {
			s.writeError(w, r, httpx.FieldError("count", "must be a positive integer"))
			return
		}
		count = min(n, 100)
	}
	page := model.VideoPage{Count: count + 1}
	for _, f := range []struct {
		key, idKey string
		t          **time.Time
		id         *string
	}{{"from", "from_id", &page.Before, &page.BeforeID}, {"to", "to_id", &page.After, &page.AfterID}} {
		if v := q.Get(f.key); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 || n > 1<<40 {
				s.writeError(w, r, httpx.FieldError(f.key, "must be unix seconds"))
				return
			}
			t := time.Unix(n, 0)
			*f.t = &t
			*f.id = q.Get(f.idKey)
		}
	}
	if page.Before != nil && page.After != nil {
		s.writeError(w, r, httpx.Errorf(http.StatusBadRequest, "give from or to, not both"))
		return
	}
	vs, err := s.store.ListVideos(r.Context(), u.ID, page)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// One extra row tells whether there is more in the paging direction.
	moreOlder, moreNewer := false, page.Before != nil
	if len(vs) > count {
		if page.After != nil {
			vs = vs[1:] // ascending query: the extra row is the newest
			moreNewer = true
		} else {
			vs = vs[:count]
			moreOlder = true
		}
	}
	if page.After != nil {
		moreOlder = true
	}
	if page.Before != nil && len(vs) > 0 {
		// Is there really anything newer? A from= page that starts at
		// the newest video offers no prev_url to an empty page.
		newer, err := s.store.ListVideos(r.Context(), u.ID, model.VideoPage{Count: 1, After: &vs[0].CreatedOn, AfterID: vs[0].ID})
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		moreNewer = len(newer) > 0
	}
	out := make([]videoObject, 0, len(vs))
	for _, v := range vs {
		out = append(out, s.videoObject(r, u, v))
	}
	var next, prev *string
	if len(vs) > 0 && moreOlder {
		last := vs[len(vs)-1]
		n := fmt.Sprintf("/me/videos?count=%d&from=%d&from_id=%s", count, last.CreatedOn.Unix(), last.ID)
		next = &n
	}
	if len(vs) > 0 && moreNewer {
		first := vs[0]
		p := fmt.Sprintf("/me/videos?count=%d&to=%d&to_id=%s", count, first.CreatedOn.Unix(), first.ID)
		prev = &p
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{
		"paging": map[string]any{"count": count, "next_url": next, "prev_url": prev},
		"videos": out,
	})
}
