package engine

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/encode"
)

// maxLivePhotos is how many decoded photos (or open clips) a render holds
// at once: the two on screen during a transition and two decoded ahead.
const maxLivePhotos = 4

// clipCapacity is how many pictures a clip's feed decodes ahead of the
// last encoded frame: the composer's window of frames in flight (2 per
// worker plus 2) and 2 more, so a worker never waits on a picture the
// feed is not allowed to decode yet.
func clipCapacity(workers int) int { return 2*workers + 4 }

// Render validates p, then writes every rendition (an MP4 each, made in one
// pass over the timeline) and a JPEG thumbnail per rendition. Music is
// mixed and AAC-encoded once and shared by all renditions; a project
// without music gives MP4s with no audio track.
//
// Errors: a mistake in o (no output at all included) matches
// ErrInvalidOptions and is reported before any asset is opened (a Sink
// from ToSinks is checked once the project is validated); every
// fault of the project or its assets matches ErrInvalidProject
// (validation failures are *StatusError values, see Validate; a photo or
// track that cannot be opened or decoded is an *AssetError naming it by
// index; a project beyond a limit of o carries a *LimitError). Anything else is an internal fault
// (encoder, file system: an output directory that does not exist, say) or
// ctx's error. r may be nil when every photo and track is carried in
// memory (Asset.Image, Asset.Bytes).
//
// The videos and thumbnails go where o.Output says (see Output): files
// appear only when the whole render succeeded, so a failed or cancelled
// render leaves nothing at the output paths; a faststart MP4 reaches a
// Writer only once every frame is encoded, so a failed render has
// written nothing to it; a fragmented MP4 flows while the render runs,
// and a failed render leaves the fragments already written. Cancelling ctx makes
// Render return ctx's error within a frame's encoding time; a photo decode
// in progress finishes in the background and is discarded.
//
// For the same project, assets, options and machine, the output is the
// same, byte for byte.
func Render(ctx context.Context, p *Project, r Resolver, o Options) (*Result, error) {
	start := time.Now()
	if err := o.check(); err != nil {
		return nil, err
	}
	if err := o.checkOutput(); err != nil {
		return nil, err
	}
	if err := checkEncoders(); err != nil {
		return nil, err
	}
	// Each asset is opened through r at most once (see CheapReopener).
	r, closeAssets := economical(r, o.TempDir)
	defer closeAssets()
	pl, err := validate(ctx, p, r, o, renderChecks(r))
	if err != nil {
		return nil, err
	}
	rs, err := o.renditions(p, pl.Style)
	if err != nil {
		return nil, err
	}
	qs, sizes := make([]Quality, len(rs)), make([]Size, len(rs))
	for i, r := range rs {
		qs[i], sizes[i] = r.q, r.size
	}
	sinks, err := o.Output.sinks(qs)
	if err != nil {
		return nil, err
	}
	if err := applyBeatSync(ctx, pl, r, o.Beats); err != nil {
		return nil, err
	}
	startRendering(r)
	paths := make([][2]string, len(sinks))
	for i, s := range sinks {
		paths[i] = [2]string{s.Path, s.Thumbnail}
	}
	if err := checkOutputDirs(paths); err != nil {
		return nil, err
	}
	rd := &run{pl: pl, o: o, qs: qs, sizes: sizes, sinks: sinks, start: start, fonts: o.fonts(), warns: &glyphWarnings{log: o.Logger}}
	if o.Logger != nil {
		o.Logger.Debug("render", "name", p.Name, "style", pl.Style.MachineName, "frames", pl.Frames,
			"seconds", pl.Duration(), "renditions", fmt.Sprint(sizes))
	}
	res, err := rd.render(ctx, r)
	if err != nil {
		return nil, err
	}
	res.Stats.Wall = time.Since(start)
	if o.Logger != nil {
		o.Logger.Debug("render done", "wall", res.Stats.Wall, "composed", res.Stats.Composed, "repeated", res.Stats.Repeated)
	}
	return res, nil
}

// run is the state of one Render call.
type run struct {
	pl      *Plan
	o       Options
	qs      []Quality // rendition names (short sides), smallest first
	sizes   []Size    // their frame sizes
	sinks   []Sink
	start   time.Time
	writers []*trackWriter
	thumbs  []*image.RGBA
	stats   Stats
	fonts   *FontLibrary
	warns   *glyphWarnings

	lastProgress time.Time
}

type audioResult struct {
	track *encode.AACTrack
	took  time.Duration
	err   error
}

func (rd *run) render(ctx context.Context, r Resolver) (_ *Result, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pl, st := rd.pl, rd.pl.Style

	// Music is mixed and encoded while the first frames are composed.
	audioCh := make(chan audioResult, 1)
	go func() {
		t0 := time.Now()
		track, err := encodeAudio(ctx, pl, st, r, rd.o.Ducking)
		audioCh <- audioResult{track, time.Since(t0), err}
	}()
	// On failure the audio goroutine is cancelled (deferred cancel above)
	// and not waited for: it ends on its own and its channel is buffered.
	audioPending := true

	sizes := make([][2]int, len(rd.qs))
	renderers := make([]*compose.Renderer, len(rd.qs))
	for i, sz := range rd.sizes {
		w, h := sz.Width, sz.Height
		sizes[i] = [2]int{w, h}
		renderers[i] = compose.NewRenderer(st, w, h, rd.composeOptions())
	}
	slides := composeSlides(pl)
	workers := rd.o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	loader := newPhotoLoader(pl, slides, r, rd.decodeOptions(), maxLivePhotos, renderers)
	top := rd.sizes[len(rd.sizes)-1]
	loader.setClips(rd.o, top.Width, top.Height, clipCapacity(workers), 0, pl.Frames)
	defer loader.closeClips()
	go loader.run(ctx)

	comp := newComposer(pl, st, slides, renderers, sizes, loader, workers, rd.fonts)
	if comp.dec, err = newDecorator(ctx, pl, r, rd.o, sizes); err != nil {
		return nil, err
	}

	// Slides are released after the frame that ends them is encoded.
	endsAt := make(map[int][]int)
	for i, s := range pl.Slides {
		endsAt[s.EndFrame()-1] = append(endsAt[s.EndFrame()-1], i)
	}
	defer func() {
		if err != nil {
			for _, w := range rd.writers {
				w.Abort()
			}
		}
	}()

	if err := rd.createWriters(); err != nil {
		return nil, err
	}
	// takeAudio hands the finished audio track to every rendition; block
	// says whether to wait for it.
	takeAudio := func(block bool) error {
		if !audioPending {
			return nil
		}
		var ar audioResult
		if block {
			select {
			case ar = <-audioCh:
			case <-ctx.Done():
				return ctx.Err()
			}
		} else {
			select {
			case ar = <-audioCh:
			default:
				return nil
			}
		}
		audioPending = false
		if ar.err != nil {
			return ar.err
		}
		rd.stats.Audio = ar.took
		for _, w := range rd.writers {
			if err := w.SetAudio(ar.track); err != nil {
				return err
			}
		}
		return nil
	}
	var shown []*image.YCbCr // pictures of the last drawn frame
	emit := func(fr frameResult) error {
		if err := takeAudio(false); err != nil {
			return err
		}
		if fr.pics != nil {
			shown = fr.pics
		}
		for i, w := range rd.writers {
			t0 := time.Now()
			if err := w.WritePicture(ctx, shown[i]); err != nil {
				return err
			}
			rd.stats.Encode += time.Since(t0)
		}
		if fr.thumbs != nil {
			rd.thumbs = fr.thumbs
		}
		loader.advance(fr.f)
		for _, i := range endsAt[fr.f] {
			loader.release(i, renderers)
		}
		rd.progress(fr.f+1, false)
		return nil
	}
	if err := comp.run(ctx, emit); err != nil {
		return nil, err
	}
	if err := takeAudio(true); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rd.stats.Decode = time.Duration(loader.decodeNanos.Load())
	rd.stats.Compose = time.Duration(comp.composeNanos.Load() + loader.warmNanos.Load())
	rd.stats.Composed = int(comp.composed.Load())
	rd.stats.Repeated = int(comp.repeated.Load())
	rd.stats.PeakPhotos = loader.peakLive()
	res, err := rd.finish()
	if err != nil {
		return nil, err
	}
	rd.progress(pl.Frames, true)
	return res, nil
}

func (rd *run) createWriters() error {
	largest := rd.sizes[len(rd.sizes)-1]
	for i, q := range rd.qs {
		w, h := rd.sizes[i].Width, rd.sizes[i].Height
		s := rd.sinks[i]
		sink := encode.Sink{Path: s.Path, Writer: s.Writer, Fragmented: s.fragmented(), TempDir: rd.o.TempDir, Frames: rd.pl.Frames}
		wr, err := newTrackWriter(sink, rd.o.videoOptions(w, h, largest.Width*largest.Height, rd.pl.FrameRate))
		if err != nil {
			return fmt.Errorf("engine: rendition %d: %w", q, err)
		}
		rd.writers = append(rd.writers, wr)
	}
	return nil
}

// finish closes every writer (muxing the files into place, or writing
// the faststart MP4s to their Writers) and writes the thumbnails. If
// anything fails, every file already in place is removed.
func (rd *run) finish() (_ *Result, err error) {
	t0 := time.Now()
	var done []string
	defer func() {
		if err != nil {
			for _, p := range done {
				os.Remove(p)
			}
		}
	}()
	res := &Result{Frames: rd.pl.Frames, Duration: rd.pl.Duration(), FrameRate: rd.pl.FrameRate, Warnings: rd.warns.lines()}
	sizes := make([]int64, len(rd.writers))
	for i, w := range rd.writers {
		rd.writers[i] = nil
		if err := w.Close(); err != nil {
			for _, rest := range rd.writers[i+1:] {
				rest.Abort()
			}
			rd.writers = nil
			return nil, fmt.Errorf("engine: rendition %d: %w", rd.qs[i], err)
		}
		sizes[i] = w.Written()
		if p := rd.sinks[i].Path; p != "" {
			done = append(done, p)
			fi, err := os.Stat(p)
			if err != nil {
				return nil, fmt.Errorf("engine: rendition %d: %w", rd.qs[i], err)
			}
			sizes[i] = fi.Size()
		}
	}
	rd.writers = nil
	for i, q := range rd.qs {
		s := rd.sinks[i]
		if rd.thumbs != nil {
			created, err := s.writeThumbnail(rd.thumbs[i])
			if err != nil {
				return nil, err
			}
			if created {
				done = append(done, s.Thumbnail)
			}
		}
		w, h := rd.sizes[i].Width, rd.sizes[i].Height
		res.Renditions = append(res.Renditions, Rendition{Quality: q, Width: w, Height: h, Path: s.Path, Thumbnail: s.Thumbnail, Size: sizes[i]})
	}
	rd.stats.Mux = time.Since(t0)
	res.Stats = rd.stats
	return res, nil
}

// checkOutputDirs fails early, with a message naming the directory, when
// an output's directory does not exist or is not a directory (otherwise
// the error would surface later naming an internal temporary file).
func checkOutputDirs(paths [][2]string) error {
	for _, p := range paths {
		for _, f := range p {
			if f == "" {
				continue
			}
			dir := filepath.Dir(f)
			fi, err := os.Stat(dir)
			if err != nil {
				return fmt.Errorf("engine: output directory %q: %w", dir, errors.Unwrap(err))
			}
			if !fi.IsDir() {
				return fmt.Errorf("engine: output directory %q is not a directory", dir)
			}
		}
	}
	return nil
}

// progress reports frames done, at most ten times a second unless final.
func (rd *run) progress(done int, final bool) {
	if rd.o.Progress == nil {
		return
	}
	now := time.Now()
	if !final && now.Sub(rd.lastProgress) < 100*time.Millisecond {
		return
	}
	rd.lastProgress = now
	el := now.Sub(rd.start)
	p := Progress{Frames: done, Total: rd.pl.Frames, Elapsed: el}
	if done > 0 && done < p.Total {
		p.ETA = time.Duration(float64(el) * float64(p.Total-done) / float64(done))
	}
	rd.o.Progress(p)
}

func (rd *run) decodeOptions() compose.DecodeOptions {
	sz := rd.sizes[len(rd.sizes)-1]
	w, h := sz.Width, sz.Height
	return photoDecodeOptions(w, h, rd.o.MaxPhotoPixels)
}

func (rd *run) composeOptions() compose.Options {
	return composeOptions(rd.o, rd.fonts, rd.warns)
}

// photoDecodeOptions pre-scales photos to the largest frame plus 30 % of
// Ken Burns headroom (compose's default for 720p).
func photoDecodeOptions(w, h, maxPixels int) compose.DecodeOptions {
	return compose.DecodeOptions{MaxPixels: maxPixels, WorkWidth: w * 13 / 10, WorkHeight: h * 13 / 10}
}
