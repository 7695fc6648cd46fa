package engine

import (
	"bytes"
	"context"
	"io"
	"sync/atomic"
	"testing"

	"github.com/reelkit/reel/styles"
)

// TestBeatCacheRenderFrame: with a BeatCache, frames of a beat-synced
// style open the music once across calls and are the frames drawn without
// the cache, pixel for pixel.
func TestBeatCacheRenderFrame(t *testing.T) {
	t.Parallel()
	p := &Project{Name: "Chords", Style: "memories", Assets: []Asset{
		{Kind: KindImage, AssetID: "photos/01.jpg"}, {Kind: KindImage, AssetID: "photos/02.jpg"},
		{Kind: KindMusic, AssetID: "music/demo.mp3"},
	}}
	base := testResolver()
	var musicOpens atomic.Int32
	r := ResolverFunc(func(ctx context.Context, a Asset) (io.ReadCloser, error) {
		if a.Kind == KindMusic {
			musicOpens.Add(1)
		}
		return base.Open(ctx, a)
	})
	cache := &BeatCache{}
	plain := Options{Styles: styles.Builtin(), Renditions: []Quality{Quality360}}
	cached := plain
	cached.Beats = cache
	pl, err := Validate(context.Background(), p, nil, plain)
	if err != nil {
		t.Fatal(err)
	}
	// Frames around the first cut, where beat sync moves the picture.
	w := pl.Transitions[1]
	for _, f := range []int{w.StartFrame - 15, w.StartFrame, (w.StartFrame + w.EndFrame) / 2, w.EndFrame + 15} {
		ts := seconds(pl.Seconds(f))
		want, err := RenderFrame(context.Background(), p, r, plain, ts)
		if err != nil {
			t.Fatal(err)
		}
		before := musicOpens.Load()
		got, err := RenderFrame(context.Background(), p, r, cached, ts)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Image.Pix, want.Image.Pix) {
			t.Errorf("frame %d differs with the beat cache", f)
		}
		if f != w.StartFrame-15 && musicOpens.Load() != before {
			t.Errorf("frame %d: the cached render opened the music again", f)
		}
	}
	if _, ok := cache.get(beatKey(p.Assets[2])); !ok {
		t.Error("the beats of music/demo.mp3 are not in the cache")
	}
}
