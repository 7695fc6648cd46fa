package engine

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/reelkit/reel/internal/fserr"
)

// CheapReopener is an optional interface of a Resolver. Without it, Render
// opens each asset through the Resolver at most once: whatever must be
// read again (a music track is probed, then decoded once per loop pass; a
// photo whose header Options.ProbeAssets checked is decoded later) is kept
// from that single open in a temporary file in Options.TempDir (unlinked
// at once, removed when the render ends), so a remote Resolver (HTTP,
// object storage) is asked once per asset and per render. A Resolver
// whose assets are cheap to open again, like local files, implements
// CheapReopener to skip that copy.
type CheapReopener interface {
	// CheapToReopen reports whether opening a again costs about as little
	// as reading a local file. It must be safe for concurrent use.
	CheapToReopen(a Asset) bool
}

// CheapToReopen reports true for local files and false for http(s) URLs.
func (r *FileResolver) CheapToReopen(a Asset) bool {
	return a.URL == "" || strings.HasPrefix(strings.ToLower(a.URL), "file:")
}

// maxKeptAsset bounds an asset copied into a render's temporary file.
const maxKeptAsset = 1 << 30

// onceResolver wraps the caller's Resolver for one Render so that each
// asset is opened through it at most once (see CheapReopener). Music
// tracks, video clips, and photos opened before rendering starts (header probes), are
// copied into an unlinked temporary file on their first open and served
// from it afterwards; a photo's copy is dropped once it has been served
// again (it is decoded once). Photos first opened while rendering are
// passed straight through: they are opened once anyway. Safe for
// concurrent use.
type onceResolver struct {
	r       Resolver
	tempDir string

	mu        sync.Mutex
	rendering bool
	kept      map[string]*keptAsset
}

// keptAsset is one asset's content in a temporary file.
type keptAsset struct {
	once sync.Once
	f    *os.File
	size int64
	err  error
	refs int // open readers plus one while in the map
}

// economical returns r wrapped so that no asset is opened through it twice,
// or r itself when it says its assets are cheap to reopen (or is nil).
// Call close when the render is over.
func economical(r Resolver, tempDir string) (Resolver, func()) {
	if r == nil {
		return nil, func() {}
	}
	o := &onceResolver{r: r, tempDir: tempDir, kept: map[string]*keptAsset{}}
	if _, ok := r.(CheapReopener); ok {
		return &cheapFilter{r: r, once: o}, o.close
	}
	return o, o.close
}

// cheapFilter sends the assets its Resolver calls cheap straight to it and
// the others through once.
type cheapFilter struct {
	r    Resolver
	once *onceResolver
}

func (c *cheapFilter) Open(ctx context.Context, a Asset) (io.ReadCloser, error) {
	if c.r.(CheapReopener).CheapToReopen(a) {
		return c.r.Open(ctx, a)
	}
	return c.once.Open(ctx, a)
}

// startRendering marks the end of validation: photos first opened from
// now on are opened once and need no copy.
func startRendering(r Resolver) {
	switch o := r.(type) {
	case *onceResolver:
		o.setRendering()
	case *cheapFilter:
		o.once.setRendering()
	}
}

func (o *onceResolver) setRendering() {
	o.mu.Lock()
	o.rendering = true
	o.mu.Unlock()
}

func assetKey(a Asset) string { return a.AssetID + "\x00" + a.URL }

// Open implements Resolver.
func (o *onceResolver) Open(ctx context.Context, a Asset) (io.ReadCloser, error) {
	key := assetKey(a)
	o.mu.Lock()
	k := o.kept[key]
	photo := a.Kind != KindMusic && a.Kind != KindVideo // clips are read for their picture and their sound
	if k == nil {
		if o.rendering && photo {
			o.mu.Unlock()
			return o.r.Open(ctx, a) // its only open
		}
		k = &keptAsset{refs: 1}
		o.kept[key] = k
	}
	k.refs++ // the reader returned below
	o.mu.Unlock()

	k.once.Do(func() { k.f, k.size, k.err = o.copy(ctx, a) })
	if k.err != nil {
		o.release(k)
		return nil, k.err
	}
	o.mu.Lock()
	if photo && o.rendering && o.kept[key] == k {
		delete(o.kept, key) // decoded once: no later reader
		k.refs--
	}
	o.mu.Unlock()
	return &keptReader{SectionReader: io.NewSectionReader(k.f, 0, k.size), o: o, k: k}, nil
}

// copy opens a through the Resolver once and copies it into an unlinked
// temporary file.
func (o *onceResolver) copy(ctx context.Context, a Asset) (*os.File, int64, error) {
	rc, err := o.r.Open(ctx, a)
	if err != nil {
		return nil, 0, err
	}
	defer rc.Close()
	dir := o.tempDir
	if dir == "" {
		dir = os.TempDir()
	}
	f, err := os.CreateTemp(dir, ".reel-asset-*")
	if err != nil {
		return nil, 0, fmt.Errorf("engine: keeping a copy of the asset in %s: %w", dir, fserr.Cause(err))
	}
	unlinked := os.Remove(f.Name()) == nil
	fail := func(err error) (*os.File, int64, error) {
		f.Close()
		if !unlinked {
			os.Remove(f.Name())
		}
		return nil, 0, err
	}
	n, err := io.Copy(f, io.LimitReader(rc, maxKeptAsset+1))
	switch {
	case err != nil && ctx.Err() != nil:
		return fail(ctx.Err())
	case err != nil:
		return fail(err) // a read error of the asset
	case n > maxKeptAsset:
		return fail(fmt.Errorf("larger than %d bytes", maxKeptAsset))
	}
	return f, n, nil // if not unlinked yet, release removes it
}

// release drops one reference to k, closing its file with the last.
func (o *onceResolver) release(k *keptAsset) {
	o.mu.Lock()
	k.refs--
	last := k.refs == 0
	o.mu.Unlock()
	if last && k.f != nil {
		name := k.f.Name()
		k.f.Close()
		os.Remove(name) // already unlinked on most systems
	}
}

// close releases every kept copy (readers still open keep theirs until
// they are closed).
func (o *onceResolver) close() {
	o.mu.Lock()
	kept := o.kept
	o.kept = map[string]*keptAsset{}
	o.mu.Unlock()
	for _, k := range kept {
		o.release(k)
	}
}

// keptReader reads a kept copy; Close releases it.
type keptReader struct {
	*io.SectionReader
	o      *onceResolver
	k      *keptAsset
	closed sync.Once
}

func (r *keptReader) Close() error {
	r.closed.Do(func() { r.o.release(r.k) })
	return nil
}

var _ io.ReadSeekCloser = (*keptReader)(nil)
