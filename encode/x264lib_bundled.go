//go:build cgo && !extlib

package encode

import (
	"fmt"

	"github.com/gen2brain/x264-go/x264c"
)

// loadBundledX264 checks the x264 compiled into the binary.
func loadBundledX264() (*x264Lib, error) {
	v, err := probeX264(x264cAPI{})
	if err != nil {
		return nil, fmt.Errorf("bundled x264: %w", err)
	}
	return &x264Lib{api: x264cAPI{},
		info: X264Info{Library: X264Bundled, Build: x264c.Build, Version: v, Deterministic: true}}, nil
}
