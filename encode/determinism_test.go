package encode

// x264Deterministic reports whether the x264 library that NewH264Encoder
// uses now codes the same pictures into the same bytes every time (see
// X264Info.Deterministic), so that tests may compare packets byte for
// byte; otherwise they compare the packets' structure.
func x264Deterministic() bool {
	info, err := X264()
	return err == nil && info.Deterministic
}
