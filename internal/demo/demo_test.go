package demo

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/reelkit/reel/engine"
)

// TestDemoProjectIsValid checks that the embedded project validates, that
// every asset it names is embedded, and that a frame of it renders.
func TestDemoProjectIsValid(t *testing.T) {
	t.Parallel()
	p, err := Project()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pl, err := engine.Validate(ctx, p, Resolver(), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Duration() < 20 || len(p.Credit) == 0 || len(p.Music()) != 1 {
		t.Errorf("demo: %.1f s, %d credits, %d music tracks", pl.Duration(), len(p.Credit), len(p.Music()))
	}
	for _, a := range p.Assets {
		if a.AssetID == "" {
			continue
		}
		rc, err := Resolver().Open(ctx, a)
		if err != nil {
			t.Fatalf("asset %q: %v", a.AssetID, err)
		}
		n, _ := io.Copy(io.Discard, rc)
		rc.Close()
		if n == 0 {
			t.Errorf("asset %q is empty", a.AssetID)
		}
	}
	fr, err := engine.RenderFrame(ctx, p, Resolver(), engine.Options{Renditions: []engine.Quality{360}}, 6*time.Second)
	if err != nil {
		t.Fatalf("frame: %v", err)
	}
	if w := fr.Image.Bounds().Dx(); w != 640 {
		t.Fatalf("frame: %d pixels wide, want 640", w)
	}
}
