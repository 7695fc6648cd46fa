package audio

import "github.com/reelkit/reel/audio/internal/faad"

// DecoderStatus says whether a decoder of clips' sound that reel loads at
// run time is usable on this machine.
type DecoderStatus struct {
	Codec     string // "aac"
	Library   string // the library reel loads, e.g. "libfaad2 (libfaad.so.2)"
	Package   string // the Debian package that installs it
	Available bool
	Version   string // the library's version when Available
	Path      string // where it was loaded from when Available
	Err       string // why it is not available
}

// Decoders reports, for each codec of clips' sound that needs a library
// loaded at run time, that library and whether it is usable here (loading
// it if that has not happened yet). PCM and MP3 sound need no library and
// are not listed.
func Decoders() []DecoderStatus {
	s := DecoderStatus{Codec: "aac", Library: "libfaad2 (" + faad.Soname + ")", Package: faad.Package}
	if l, err := faad.Load(); err != nil {
		s.Err = err.Error()
	} else {
		s.Available, s.Version, s.Path = true, l.Version(), l.Path()
	}
	return []DecoderStatus{s}
}
