package encode

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
)

// Sink says where a muxer's MP4 goes. Exactly one of Path and Writer is set.
//
//   - Path: the file appears at Path, complete, only when Close succeeds
//     (it is assembled in a temporary file in Path's directory and renamed
//     into place). The MP4 is "faststart" (moov before mdat).
//   - Writer, Fragmented false: a faststart MP4 is written to Writer during
//     Close; until then the coded video waits in a temporary file in
//     TempDir, and nothing reaches Writer if the muxer is aborted.
//   - Writer, Fragmented true: a fragmented MP4 flows to Writer while frames
//     are encoded: ftyp and moov (with mvex) first, then one moof+mdat per
//     GOP (a fragment starts at every keyframe, like ffmpeg's
//     -movflags frag_keyframe+empty_moov) holding the video and the audio
//     of that stretch. No temporary file is used. After each fragment the
//     Writer is flushed if it has a Flush() or Flush() error method (an
//     http.ResponseWriter, a bufio.Writer). Bytes written before an Abort
//     or a failure stay written: the reader sees a truncated but playable
//     prefix.
type Sink struct {
	Path   string
	Writer io.Writer
	// Fragmented selects fragmented MP4 for a Writer.
	Fragmented bool
	// TempDir is where coded video is spooled for a faststart MP4. The
	// default is Path's directory for a Path (so that a temporary file
	// never crosses file systems) and os.TempDir() for a Writer. The
	// spool file is unlinked right after creation where the system allows
	// it, so no temporary name ever becomes visible to the caller.
	TempDir string
	// Frames is the expected number of video frames of a fragmented MP4;
	// when set (> 0), moov carries the movie's duration (mvhd, mehd, edit
	// lists), so players show a seek bar before the last fragment. Zero
	// means unknown.
	Frames int
}

// VideoMuxer turns a stream of coded H.264 pictures into an MP4: a Muxer
// (faststart) or a FragmentedMuxer. Not safe for concurrent use.
type VideoMuxer interface {
	// WriteVideo appends one coded picture in decode order.
	WriteVideo(p Packet) error
	// Close finishes the MP4.
	Close() error
	// Abort stops, discarding what can be discarded.
	Abort() error
}

// NewSinkMuxer returns the muxer for s: a FragmentedMuxer when s.Fragmented,
// else a Muxer. audio may be nil for a silent file.
func NewSinkMuxer(s Sink, v VideoTrackConfig, audio *AACTrack) (VideoMuxer, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if s.Fragmented {
		return NewFragmentedMuxer(s.Writer, v, audio, s.Frames)
	}
	return newMuxer(s, v, audio)
}

func (s Sink) check() error {
	switch {
	case (s.Path == "") == (s.Writer == nil):
		return errors.New("encode: a Sink needs exactly one of Path and Writer")
	case s.Fragmented && s.Writer == nil:
		return errors.New("encode: a fragmented MP4 needs a Writer")
	case s.Frames < 0:
		return fmt.Errorf("%w: %d expected frames", ErrInvalidOptions, s.Frames)
	}
	return nil
}

// tempDir returns where a faststart muxer spools coded video.
func (s Sink) tempDir() string {
	if s.TempDir != "" {
		return s.TempDir
	}
	if s.Path != "" {
		return dirOf(s.Path)
	}
	return "" // os.TempDir()
}

// dirOf returns the directory of path ("." for a bare name).
func dirOf(path string) string {
	dir := filepath.Dir(path)
	if dir == "" {
		return "."
	}
	return dir
}
