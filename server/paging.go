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
// the cursor (absolute URLs when the server's address is known). Without
// its _id part a bound is exclusive: from=T lists videos created before
// T. A page holds count videos plus, past count, every other video created
// in the same second as its last video in the paging direction (its
// oldest; its newest for to= pages), up to maxSameSecond: so a client that builds the seed's
// next_url itself (from=<created_on of the last video>) walks every
// video exactly once.
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
	// A page never ends in the middle of a second, at its end in the
	// paging direction: a client that builds its next page from the
	// video there alone (the seed's from=<created_on of the last video>,
	// exclusive; to=<created_on of the first> the other way) then neither
	// skips nor repeats a video.
	if len(vs) > 0 && page.After == nil && moreOlder {
		extra, more, err := s.sameSecond(r, u.ID, vs[len(vs)-1], false)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		vs, moreOlder = append(vs, extra...), more
	}
	if len(vs) > 0 && page.After != nil && moreNewer {
		extra, more, err := s.sameSecond(r, u.ID, vs[0], true)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		vs, moreNewer = append(extra, vs...), more
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
		n := fmt.Sprintf("%s/me/videos?count=%d&from=%d&from_id=%s", s.baseURL(), count, last.CreatedOn.Unix(), last.ID)
		next = &n
	}
	if len(vs) > 0 && moreNewer {
		first := vs[0]
		p := fmt.Sprintf("%s/me/videos?count=%d&to=%d&to_id=%s", s.baseURL(), count, first.CreatedOn.Unix(), first.ID)
		prev = &p
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{
		"paging": map[string]any{"count": count, "next_url": next, "prev_url": prev},
		"videos": out,
	})
}

// maxSameSecond bounds how far past count a page grows to finish a
// second.
const maxSameSecond = 500

// sameSecond lists the videos of the user created in the same second as
// edge, beyond it: older ones (newer false) or newer ones (newer true), in
// page order; more tells whether other videos lie beyond them.
func (s *Server) sameSecond(r *http.Request, userID string, edge *model.Video, newer bool) (vs []*model.Video, more bool, err error) {
	p := model.VideoPage{Count: maxSameSecond + 1}
	if newer {
		p.After, p.AfterID = &edge.CreatedOn, edge.ID
	} else {
		p.Before, p.BeforeID = &edge.CreatedOn, edge.ID
	}
	beyond, err := s.store.ListVideos(r.Context(), userID, p)
	if err != nil {
		return nil, false, err
	}
	sec := edge.CreatedOn.Unix()
	if newer {
		// Newest first: the same second is at the end.
		i := len(beyond)
		for i > 0 && beyond[i-1].CreatedOn.Unix() == sec && len(beyond)-i < maxSameSecond {
			i--
		}
		return beyond[i:], i > 0, nil
	}
	i := 0
	for i < len(beyond) && beyond[i].CreatedOn.Unix() == sec && i < maxSameSecond {
		i++
	}
	return beyond[:i], i < len(beyond), nil
}
