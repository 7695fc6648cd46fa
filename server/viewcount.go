package server

import (
	"sync"
	"time"
)

// viewWindow is how long one client address's downloads of one video
// count as a single view.
const viewWindow = 30 * time.Minute

// viewDedup remembers which (video, client address) pairs were counted as
// a view in the last viewWindow, so reloading or re-downloading a video
// does not inflate its view count. It holds at most maxViewKeys pairs
// (expired ones are swept first; beyond that, a pair is counted again).
type viewDedup struct {
	mu   sync.Mutex
	seen map[string]time.Time
}

const maxViewKeys = 200_000

func newViewDedup() *viewDedup { return &viewDedup{seen: map[string]time.Time{}} }

// first reports whether this is the first view of video by client within
// the window, and records it.
func (d *viewDedup) first(video, client string, now time.Time) bool {
	k := video + "\x00" + client
	d.mu.Lock()
	defer d.mu.Unlock()
	if t, ok := d.seen[k]; ok && now.Sub(t) < viewWindow {
		return false
	}
	if len(d.seen) >= maxViewKeys {
		for key, t := range d.seen {
			if now.Sub(t) >= viewWindow {
				delete(d.seen, key)
			}
		}
		if len(d.seen) >= maxViewKeys {
			clear(d.seen)
		}
	}
	d.seen[k] = now
	return true
}
