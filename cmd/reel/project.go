package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/styles"
)

// errProjectFile marks a project file that cannot be read: a fault of the
// input (exit 3).
var errProjectFile = errors.New("project file")

// projectFlags are the flags shared by render and frame.
type projectFlags struct {
	quality    string
	style      string
	renditions string
	aspect     string
	size       string
	allowHTTP  bool
	fonts      string
	maxDur     time.Duration
	maxPhotos  int
	maxClip    time.Duration
}

// register adds the flags to fs; frame says the command draws one frame
// (of the largest rendition the flags select).
func (pf *projectFlags) register(fs *flag.FlagSet, frame bool) {
	fs.StringVar(&pf.quality, "quality", "", "largest rendition: 360, 480, 720 or 1080 (default: the project's)")
	fs.StringVar(&pf.style, "style", "", "built-in style machine name, or path to a style JSON file (default: the project's style)")
	fs.BoolVar(&pf.allowHTTP, "allow-http", false, "let asset urls reach http(s) servers")
	fs.DurationVar(&pf.maxDur, "max-duration", 0, "longest video accepted, e.g. 2h (default 30m; negative: no limit)")
	fs.IntVar(&pf.maxPhotos, "max-photos", 0, "most photos accepted (default 500; negative: no limit)")
	fs.DurationVar(&pf.maxClip, "max-clip-duration", 0, "longest video clip accepted, e.g. 30m (default 10m; negative: no limit)")
	fs.StringVar(&pf.fonts, "fonts", "", "directory of extra .ttf/.otf/.ttc fonts, tried after the embedded faces and before the machine's")
	fs.StringVar(&pf.renditions, "renditions", "", "comma-separated qualities to make, e.g. 1080,720,360 (default: every standard quality up to --quality)")
	fs.StringVar(&pf.aspect, "aspect", "", "frame shape of the qualities: 16:9, 9:16, 1:1 or 4:5 (default: the project's, else 16:9)")
	if frame {
		fs.StringVar(&pf.size, "size", "", "exact frame size WIDTHxHEIGHT, e.g. 1080x1920 (even, up to 3840x2160 either way; instead of --quality, --renditions and --aspect)")
	} else {
		fs.StringVar(&pf.size, "size", "", "exact frame sizes WIDTHxHEIGHT, comma-separated, e.g. 1080x1920 (even, up to 3840x2160 either way, distinct short sides; instead of --quality, --renditions and --aspect)")
	}
}

// load reads the project file and applies the flags to it and to o.
func (pf *projectFlags) load(path string, o *engine.Options) (*engine.Project, *engine.FileResolver, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", errProjectFile, err)
	}
	defer f.Close()
	p, err := engine.DecodeProject(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	o.MaxDuration, o.MaxPhotos, o.MaxClipDuration = pf.maxDur, pf.maxPhotos, pf.maxClip
	if pf.quality != "" {
		q, err := parseQuality(pf.quality)
		if err != nil {
			return nil, nil, err
		}
		p.Quality = q
	}
	if isStyleFile(pf.style) {
		st, err := loadStyleFile(pf.style)
		if err != nil {
			return nil, nil, err
		}
		o.Style, p.Style = st, st.MachineName
	} else if pf.style != "" {
		p.Style = pf.style
	}
	if pf.size != "" {
		if pf.quality != "" || pf.renditions != "" || pf.aspect != "" {
			return nil, nil, usagef("--size gives the exact frame sizes: use it without --quality, --renditions and --aspect")
		}
		for _, s := range strings.Split(pf.size, ",") {
			sz, err := engine.ParseSize(s)
			if err != nil {
				return nil, nil, usagef("--size: %v", strings.TrimPrefix(err.Error(), "engine: "))
			}
			o.Sizes = append(o.Sizes, sz)
		}
	}
	if pf.aspect != "" {
		a, err := engine.ParseAspect(pf.aspect)
		if err != nil {
			return nil, nil, usagef("--aspect: %v", strings.TrimPrefix(err.Error(), "engine: "))
		}
		o.Aspect = a
	}
	if pf.renditions != "" {
		for _, s := range strings.Split(pf.renditions, ",") {
			q, err := parseQuality(s)
			if err != nil {
				return nil, nil, err
			}
			o.Renditions = append(o.Renditions, q)
		}
	}
	if pf.fonts != "" {
		lib, err := engine.NewFontLibrary(engine.FontConfig{Dirs: []string{pf.fonts}, System: true})
		if err != nil {
			return nil, nil, usagef("--fonts: %v", err)
		}
		o.Fonts = lib
	}
	r := engine.NewFileResolver(path)
	r.AllowHTTP = pf.allowHTTP
	return p, r, nil
}

func parseQuality(s string) (engine.Quality, error) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), "p"))
	q := engine.Quality(n)
	if err != nil || !q.Valid() || q == engine.QualityPreview {
		return 0, usagef("quality %q: want 360, 480, 720 or 1080", s)
	}
	return q, nil
}

// isStyleFile reports whether a --style value is a path rather than a
// machine name: machine names have no dot and no slash.
func isStyleFile(v string) bool { return strings.ContainsAny(v, `./\`) }

// loadStyleFile reads and validates a style JSON file (the built-in
// styles' format: styles/builtin/*.json).
func loadStyleFile(path string) (*styles.Style, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("--style: %v", err)
	}
	st, err := styles.Parse(b)
	if err != nil {
		return nil, usagef("--style %s: %v", path, strings.TrimPrefix(err.Error(), "styles: "))
	}
	return st, nil
}
