package text

import (
	"container/list"
	"sync"
)

// blockCacheBytes bounds the sprites a FontLibrary keeps (about 16
// captions at 720p).
const blockCacheBytes = 32 << 20

// blockCache keeps recently rendered blocks by Spec, least recently used
// out first, bounded by the bytes of their sprites. Renders that draw the
// same text at the same size and style (the engine paginating credits, then
// compose drawing them; a caption repeated in several renders of a server)
// shape and rasterize it once.
type blockCache struct {
	mu    sync.Mutex
	bytes int
	ll    *list.List // of *cacheEntry, most recent first
	m     map[Spec]*list.Element
}

type cacheEntry struct {
	spec  Spec
	block *Block
	size  int
}

func (c *blockCache) get(s Spec) *Block {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[s]; ok {
		c.ll.MoveToFront(e)
		return e.Value.(*cacheEntry).block
	}
	return nil
}

func (c *blockCache) put(s Spec, b *Block) {
	size := 256
	if b.Plate != nil {
		size += len(b.Plate.Pix)
	}
	if b.Image != nil {
		size += len(b.Image.Pix)
	}
	if size > blockCacheBytes/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[Spec]*list.Element{}
		c.ll = list.New()
	}
	if _, ok := c.m[s]; ok {
		return
	}
	c.m[s] = c.ll.PushFront(&cacheEntry{s, b, size})
	c.bytes += size
	for c.bytes > blockCacheBytes {
		e := c.ll.Back()
		ce := e.Value.(*cacheEntry)
		c.ll.Remove(e)
		delete(c.m, ce.spec)
		c.bytes -= ce.size
	}
}
