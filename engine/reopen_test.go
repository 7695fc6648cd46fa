package engine

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// cheapCounting is a countingResolver that says its assets are cheap to
// reopen.
type cheapCounting struct{ *countingResolver }

func (cheapCounting) CheapToReopen(Asset) bool { return true }

// loopingProject has a 3 s music track under about 13 s of video, so the
// mixer probes it and then decodes it in several loop passes.
func loopingProject() *Project {
	p := quickProject()
	p.Assets[0].End = 6 * time.Second
	p.Assets[3].AssetID = "music/tone22k_stereo_32k.mp3"
	return p
}

// TestRenderOpensEachAssetOnce renders through a Resolver that does not
// say it is cheap to reopen: every photo and the looping music track are
// opened exactly once, with and without ProbeAssets, and the video is the
// same, byte for byte, as the one rendered from freely reopened files.
// The temporary copies leave nothing in TempDir.
func TestRenderOpensEachAssetOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ref := render(t, loopingProject(), Options{Output: ToFile(filepath.Join(dir, "ref.mp4")), Preview: true})
	want, err := os.ReadFile(ref.Renditions[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	for _, probe := range []bool{false, true} {
		cr := &countingResolver{Resolver: testResolver(), opens: map[string]int{}}
		tmp := t.TempDir()
		var video bytes.Buffer
		_, err := Render(context.Background(), loopingProject(), cr, Options{Styles: testStyles(t), Output: ToWriter(&video, Faststart),
			Preview: true, ProbeAssets: probe, TempDir: tmp})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range loopingProject().Assets {
			if a.AssetID != "" && cr.opens[a.AssetID] != 1 {
				t.Errorf("ProbeAssets %v: %s opened %d times, want once", probe, a.AssetID, cr.opens[a.AssetID])
			}
		}
		if !bytes.Equal(video.Bytes(), want) {
			t.Errorf("ProbeAssets %v: the video differs from the one rendered from the files (%d vs %d bytes)", probe, video.Len(), len(want))
		}
		if names := listDir(t, tmp); len(names) != 0 {
			t.Errorf("ProbeAssets %v: TempDir holds %v", probe, names)
		}
	}

	// A Resolver that says it is cheap is asked again: the mixer probes
	// the track and opens it once per loop pass.
	cr := &countingResolver{Resolver: testResolver(), opens: map[string]int{}}
	render2 := func() {
		if _, err := Render(context.Background(), loopingProject(), cheapCounting{cr}, Options{Styles: testStyles(t), Output: ToWriter(io.Discard, Faststart), Preview: true}); err != nil {
			t.Fatal(err)
		}
	}
	render2()
	if n := cr.opens["music/tone22k_stereo_32k.mp3"]; n < 3 {
		t.Errorf("cheap Resolver: music opened %d times; the test wants a track opened repeatedly", n)
	}
	t.Logf("cheap Resolver: opens %v", cr.opens)
}

// failingOnce fails every Open of one asset and counts them.
type failingOnce struct {
	*countingResolver
	bad string
}

var errUnavailable = errors.New("asset store unavailable")

func (f failingOnce) Open(ctx context.Context, a Asset) (io.ReadCloser, error) {
	rc, err := f.countingResolver.Open(ctx, a)
	if a.AssetID == f.bad {
		if rc != nil {
			rc.Close()
		}
		return nil, errUnavailable
	}
	return rc, err
}

// TestRenderFailedOpenNotRetried: an asset whose open fails is not asked
// for again, and the failure reaches the caller.
func TestRenderFailedOpenNotRetried(t *testing.T) {
	t.Parallel()
	cr := &countingResolver{Resolver: testResolver(), opens: map[string]int{}}
	p := loopingProject()
	_, err := Render(context.Background(), p, failingOnce{cr, p.Assets[3].AssetID}, Options{Styles: testStyles(t), Output: ToWriter(io.Discard, Faststart), Preview: true})
	if !errors.Is(err, errUnavailable) {
		t.Fatalf("error %v, want the Resolver's", err)
	}
	if n := cr.opens[p.Assets[3].AssetID]; n != 1 {
		t.Errorf("failing music opened %d times, want once", n)
	}
}
