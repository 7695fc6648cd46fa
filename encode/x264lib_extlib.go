//go:build cgo && extlib

package encode

import (
	"errors"
	"fmt"

	"github.com/gen2brain/x264-go/x264c"
)

// loadBundledX264: an extlib binary has no bundled x264.
func loadBundledX264() (*x264Lib, error) {
	return nil, errors.New("this binary links libx264 at build time (-tags extlib) and has no bundled x264")
}

// loadSystemX264 returns the libx264 the binary was linked with.
func loadSystemX264() (*x264Lib, error) {
	v, err := probeX264(x264cAPI{})
	if err != nil {
		return nil, fmt.Errorf("linked libx264: %w", err)
	}
	return &x264Lib{api: x264cAPI{},
		info: X264Info{Library: X264Extlib, Build: x264c.Build, Version: v}}, nil
}
