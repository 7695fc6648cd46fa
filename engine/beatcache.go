package engine

import (
	"sync"

	"github.com/reelkit/reel/audio"
)

// beatCacheEntries bounds a BeatCache; beyond it the cache starts over.
const beatCacheEntries = 256

// BeatCache keeps the beats detected in music assets, so that renders and
// frames of styles with beat-synced cuts analyse a track once instead of
// on every call (RenderFrame would otherwise decode and analyse the whole
// track for each frame). Entries are keyed by the asset's AssetID, or its
// URL without one; in-memory assets (Bytes, Image) without either are not
// cached. Use one cache only where those names stand for fixed content
// (the server's uploads get a new id per file). The zero value is ready to
// use and it is safe for concurrent use.
type BeatCache struct {
	mu sync.Mutex
	m  map[string]*audio.Beats
}

// beatKey is the cache key of a, or "" when a cannot be cached.
func beatKey(a Asset) string {
	if a.AssetID != "" {
		return "id:" + a.AssetID
	}
	if a.URL != "" {
		return "url:" + a.URL
	}
	return ""
}

// get returns the beats stored for key; a nil cache has none.
func (c *BeatCache) get(key string) (*audio.Beats, bool) {
	if c == nil || key == "" {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.m[key]
	return b, ok
}

// put stores the beats of key; a nil cache ignores it.
func (c *BeatCache) put(key string, b *audio.Beats) {
	if c == nil || key == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= beatCacheEntries {
		c.m = map[string]*audio.Beats{}
	}
	c.m[key] = b
}
