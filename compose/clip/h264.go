package clip

// h264Lib is H.264 through Cisco's OpenH264, loaded at run time.
func h264Lib() codecLib {
	return codecLib{codec: "h264", library: "Cisco's OpenH264 (libopenh264.so.7)", pkg: "libopenh264-7", load: loadOpenH264}
}

// loadOpenH264 loads the OpenH264 binding (compose/clip/internal/openh264).
func loadOpenH264() (decoderLib, error) { return nil, errNotBuiltIn }
