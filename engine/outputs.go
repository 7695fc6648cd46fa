package engine

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"

	"github.com/reelkit/reel/encode"
)

// OutputPath returns where a rendition of quality q goes for the Output
// naming rule: base itself when it is the only rendition, else base with
// "-<q>" before its extension (out.mp4 -> out-720.mp4).
func OutputPath(base string, q Quality, only bool) string {
	if only {
		return base
	}
	ext := filepath.Ext(base)
	return fmt.Sprintf("%s-%d%s", strings.TrimSuffix(base, ext), q, ext)
}

// ThumbnailPath returns the thumbnail written beside a video: the same
// path with the extension ".jpg".
func ThumbnailPath(video string) string {
	return strings.TrimSuffix(video, filepath.Ext(video)) + ".jpg"
}

// outputs returns the video and thumbnail path of each quality.
func (o Options) outputs(qs []Quality) ([][2]string, error) {
	out := make([][2]string, len(qs))
	for i, q := range qs {
		if o.OutputFor != nil {
			v, t := o.OutputFor(q)
			out[i] = [2]string{v, t}
			continue
		}
		if o.Output == "" {
			return nil, fmt.Errorf("engine: no output path")
		}
		v := OutputPath(o.Output, q, len(qs) == 1)
		out[i] = [2]string{v, ThumbnailPath(v)}
	}
	return out, nil
}

// writeThumbnail writes img as a JPEG at path atomically (temporary file
// beside it, then rename).
func writeThumbnail(path string, img image.Image) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("engine: thumbnail: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = encode.WriteThumbnail(f, img, 85); err != nil {
		return fmt.Errorf("engine: thumbnail: %w", err)
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("engine: thumbnail: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("engine: thumbnail: %w", err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("engine: thumbnail: %w", err)
	}
	return nil
}
