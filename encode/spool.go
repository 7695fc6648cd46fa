package encode

import (
	"errors"
	"fmt"
	"os"

	"github.com/reelkit/reel/internal/fserr"
)

// createTemp makes a private temporary file in dir for what (used in error
// messages). Errors name dir and the underlying cause, never the random
// file name, which means nothing to a caller.
func createTemp(dir, pattern, what string) (*os.File, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, fmt.Errorf("encode: cannot create the %s in %s: %w", what, dir, fserr.Cause(err))
	}
	return f, nil
}

// spool is a private, anonymous temporary file holding coded video until
// the muxer lays out the final file. On systems that allow it the file is
// unlinked as soon as it is created, so nothing is left behind even if the
// process is killed; elsewhere it is removed by close.
type spool struct {
	*os.File
	name string // still to remove by close; "" once unlinked
}

func newSpool(dir string) (*spool, error) {
	if dir == "" {
		dir = os.TempDir()
	}
	f, err := createTemp(dir, ".reel-*.h264", "temporary video file")
	if err != nil {
		return nil, err
	}
	s := &spool{File: f, name: f.Name()}
	if os.Remove(s.name) == nil {
		s.name = ""
	}
	return s, nil
}

// close closes and removes the file.
func (s *spool) close() error {
	err := s.File.Close()
	if s.name != "" {
		if rerr := os.Remove(s.name); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			err = errors.Join(err, rerr)
		}
		s.name = ""
	}
	return err
}
