package clip

// hevcLib is HEVC through libde265, loaded at run time.
func hevcLib() codecLib {
	return codecLib{codec: "hevc", library: "libde265 (libde265.so.0)", pkg: "libde265-0", load: loadDe265}
}

// loadDe265 loads the libde265 binding (compose/clip/internal/de265).
func loadDe265() (decoderLib, error) { return nil, errNotBuiltIn }
