// Package bmff reads the structure of ISO base media files (MP4, and
// QuickTime MOV, which shares the box layout) over an io.ReaderAt: the
// tracks, their codec configuration, and every sample's place in the file
// and time on the presentation timeline.
//
// Open reads only the headers (the top-level box headers and the whole
// moov box, wherever it is); sample data stays in the file and is read
// one sample at a time with Track.ReadSample. Every count and size taken
// from the file is bounded (see Limits), so a hostile or corrupt header is
// a clear error, never a huge allocation, a panic or a hang. A file whose
// media data is shorter than its sample tables say is refused by Open with
// an error naming the track and sample that is missing.
//
// Box payloads are decoded with github.com/abema/go-mp4; the sample
// descriptions (stsd) are parsed here, because their QuickTime variants
// (sound description versions 1 and 2, the wave atom) and the codec
// records are simpler read as bytes.
package bmff
