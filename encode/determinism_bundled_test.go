//go:build !extlib

package encode

// x264Deterministic: the bundled x264 codes the same pictures into the
// same bytes every time, so tests may compare packets byte for byte.
const x264Deterministic = true
