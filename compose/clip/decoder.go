package clip

// picture is one decoded picture in 4:2:0: 8-bit planes, or 16-bit
// planes (y16, cb16, cr16) when bitDepth > 8. It is the Picture of the
// decoder packages, copied into this package's own type so the Reader can
// be tested with a fake decoder.
type picture struct {
	pts              int64
	width, height    int
	bitDepth         int
	y, cb, cr        []byte
	y16, cb16, cr16  []uint16
	yStride, cStride int
}

// videoDecoder decodes one video stream: access units in decode order
// (length-prefixed NAL units as stored in MP4) in, pictures out in
// presentation order.
type videoDecoder interface {
	Decode(au []byte, pts int64) ([]picture, error)
	Flush() ([]picture, error)
	Close()
}

// reuser is a videoDecoder that can decode into the planes of a picture
// it returned once the caller is done with it.
type reuser interface {
	reuse(p picture)
}

// halver is a videoDecoder that can return its pictures halved on both
// axes as it copies them out (see package halve).
type halver interface {
	setHalve()
}

// decoderLib is a loaded decoder library.
type decoderLib interface {
	Version() string
	Path() string
	newDecoder(config []byte) (videoDecoder, error)
}

// codecLib names one codec's decoder library and how to load it.
type codecLib struct {
	codec   string // "h264", "hevc"
	library string // for messages: "Cisco's OpenH264 (libopenh264.so.7)"
	pkg     string // Debian package
	load    func() (decoderLib, error)
}

// open loads the library, or returns a MissingDecoderError.
func (c codecLib) open() (decoderLib, error) {
	l, err := c.load()
	if err != nil {
		return nil, &MissingDecoderError{Codec: c.codec, Library: c.library, Package: c.pkg, Err: err}
	}
	return l, nil
}

// codecLibs lists the video decoders reel knows, in Decoders' order.
func codecLibs() []codecLib { return []codecLib{h264Lib(), hevcLib()} }

// libFor returns the decoder library entry for a codec name.
func libFor(codec string) (codecLib, bool) {
	for _, c := range codecLibs() {
		if c.codec == codec {
			return c, true
		}
	}
	return codecLib{}, false
}

// DecoderStatus reports one video codec's decoder on this machine.
type DecoderStatus struct {
	Codec     string // "h264", "hevc"
	Library   string // the library reel loads
	Package   string // the Debian package that installs it
	Available bool
	Version   string // the library's version when Available
	Path      string // where it was loaded from when Available
	Err       string // why it is not available
}

// Decoders reports, for each video codec reel decodes, its decoder library
// and whether it is usable here (loading it if that has not happened yet).
// GIF and WebP need no library and are not listed.
func Decoders() []DecoderStatus {
	var out []DecoderStatus
	for _, c := range codecLibs() {
		s := DecoderStatus{Codec: c.codec, Library: c.library, Package: c.pkg}
		if l, err := c.load(); err != nil {
			s.Err = err.Error()
		} else {
			s.Available, s.Version, s.Path = true, l.Version(), l.Path()
		}
		out = append(out, s)
	}
	return out
}
