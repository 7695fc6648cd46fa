package server

import (
	"image"
	"testing"
)

// TestLRUBoundedByBytes: the cache evicts the least recently used values
// once their bytes pass the bound, whatever their number; a value heavier
// than the whole bound is not kept; reset forgets the weight too.
func TestLRUBoundedByBytes(t *testing.T) {
	t.Parallel()
	c := newLRU[string, []byte](100, func(b []byte) int64 { return int64(len(b)) })
	c.put("a", make([]byte, 40))
	c.put("b", make([]byte, 40))
	c.get("a") // b is now the least recently used
	c.put("c", make([]byte, 40))
	if _, ok := c.get("b"); ok {
		t.Error("b kept past the byte bound")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s evicted", k)
		}
	}
	if c.held() != 80 {
		t.Errorf("held %d bytes, want 80", c.held())
	}
	c.put("huge", make([]byte, 101))
	if _, ok := c.get("huge"); ok || c.held() != 80 {
		t.Errorf("a value over the bound was kept (held %d)", c.held())
	}
	for i := range 1000 {
		c.put(string(rune('A'+i%50))+string(rune(i)), make([]byte, 1))
	}
	if c.held() > 100 {
		t.Errorf("held %d bytes after many small values, bound 100", c.held())
	}
	c.reset()
	if c.held() != 0 {
		t.Errorf("held %d after reset", c.held())
	}
}

// TestPhotoCacheWeighsPixels: decoded preview photos count by their
// pixels, so few 1080p photos fit where many 360p ones do.
func TestPhotoCacheWeighsPixels(t *testing.T) {
	t.Parallel()
	c := newPhotoCache()
	big := image.NewRGBA(image.Rect(0, 0, 2496, 1404)) // 1080p working size, 14 MB
	for i := range 5 {
		c.put(photoKey{photoID: string(rune('a' + i))}, big)
	}
	if c.held() > previewPhotoBytes || c.held() < 2*imageBytes(big) {
		t.Errorf("5 1080p photos: cache holds %d bytes, bound %d", c.held(), previewPhotoBytes)
	}
	if got := imageBytes(image.NewYCbCr(image.Rect(0, 0, 10, 10), image.YCbCrSubsampleRatio420)); got != 100+25+25 {
		t.Errorf("YCbCr 10x10 4:2:0 weighs %d, want 150", got)
	}
}
