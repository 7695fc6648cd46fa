package server

import (
	"container/list"
	"sync"
)

// lru is a concurrency-safe least-recently-used map bounded by the bytes
// its values hold, not their number (a 1080p photo weighs what thirty
// 360p frames do): the studio's preview frames and decoded preview photos
// are both kept in one.
type lru[K comparable, V any] struct {
	mu       sync.Mutex
	maxBytes int64
	bytes    int64
	size     func(V) int64
	ll       *list.List // front = most recent; values are *lruEntry[K, V]
	items    map[K]*list.Element
}

type lruEntry[K comparable, V any] struct {
	key  K
	val  V
	size int64
}

// newLRU returns an empty lru holding values of at most maxBytes in all,
// each weighing size(v).
func newLRU[K comparable, V any](maxBytes int64, size func(V) int64) *lru[K, V] {
	return &lru[K, V]{maxBytes: maxBytes, size: size, ll: list.New(), items: map[K]*list.Element{}}
}

// get returns the value stored under k and marks it recently used.
func (c *lru[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		var zero V
		return zero, false
	}
	c.ll.MoveToFront(e)
	return e.Value.(*lruEntry[K, V]).val, true
}

// put stores v under k unless k is already there (then it is only marked
// recently used), evicting the least recently used beyond the byte bound;
// a value heavier than the whole bound is not kept.
func (c *lru[K, V]) put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.ll.MoveToFront(e)
		return
	}
	n := c.size(v)
	if n > c.maxBytes {
		return
	}
	c.items[k] = c.ll.PushFront(&lruEntry[K, V]{key: k, val: v, size: n})
	c.bytes += n
	for c.bytes > c.maxBytes {
		old := c.ll.Back()
		e := old.Value.(*lruEntry[K, V])
		c.ll.Remove(old)
		delete(c.items, e.key)
		c.bytes -= e.size
	}
}

// held is the bytes the cache holds.
func (c *lru[K, V]) held() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}

// reset empties the cache.
func (c *lru[K, V]) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ll.Init()
	clear(c.items)
	c.bytes = 0
}
