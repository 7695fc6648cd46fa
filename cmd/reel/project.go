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
)

// errProjectFile marks a project file that cannot be read: a fault of the
// input (exit 3).
var errProjectFile = errors.New("project file")

// projectFlags are the flags shared by render and frame.
type projectFlags struct {
	quality    string
	style      string
	renditions string
	allowHTTP  bool
	fonts      string
	maxDur     time.Duration
	maxPhotos  int
}

func (pf *projectFlags) register(fs *flag.FlagSet, renditions bool) {
	fs.StringVar(&pf.quality, "quality", "", "largest rendition: 360, 480 or 720 (default: the project's)")
	fs.StringVar(&pf.style, "style", "", "style machine name (default: the project's)")
	fs.BoolVar(&pf.allowHTTP, "allow-http", false, "let asset urls reach http(s) servers")
	fs.DurationVar(&pf.maxDur, "max-duration", 0, "longest video accepted, e.g. 2h (default 30m; negative: no limit)")
	fs.IntVar(&pf.maxPhotos, "max-photos", 0, "most photos accepted (default 500; negative: no limit)")
	fs.StringVar(&pf.fonts, "fonts", "", "directory of extra .ttf/.otf/.ttc fonts, tried after the embedded faces and before the machine's")
	if renditions {
		fs.StringVar(&pf.renditions, "renditions", "", "comma-separated qualities to make, e.g. 720,480,360 (default: every standard quality up to --quality)")
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
	o.MaxDuration, o.MaxPhotos = pf.maxDur, pf.maxPhotos
	if pf.quality != "" {
		q, err := parseQuality(pf.quality)
		if err != nil {
			return nil, nil, err
		}
		p.Quality = q
	}
	if pf.style != "" {
		p.Style = pf.style
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
		return 0, usagef("quality %q: want 360, 480 or 720", s)
	}
	return q, nil
}
