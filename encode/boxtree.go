package encode

import (
	"errors"
	"io"

	"github.com/abema/go-mp4"
)

// node is a box with its children, marshalled depth-first by write.
type node struct {
	box  mp4.IImmutableBox
	kids []node
}

func nest(b mp4.IImmutableBox, kids ...node) node { return node{box: b, kids: kids} }

// write marshals n and its children with their sizes filled in.
func (n node) write(w *mp4.Writer) error {
	if _, err := w.StartBox(&mp4.BoxInfo{Type: n.box.GetType()}); err != nil {
		return err
	}
	if _, err := mp4.Marshal(w, n.box, mp4.Context{}); err != nil {
		return err
	}
	for _, k := range n.kids {
		if err := k.write(w); err != nil {
			return err
		}
	}
	_, err := w.EndBox()
	return err
}

// marshalTree returns the bytes of n.
func marshalTree(n node) ([]byte, error) {
	var sb seekBuffer
	if err := n.write(mp4.NewWriter(&sb)); err != nil {
		return nil, err
	}
	return sb.buf, nil
}

// seekBuffer is an in-memory io.WriteSeeker for building boxes.
type seekBuffer struct {
	buf []byte
	pos int
}

func (s *seekBuffer) Write(p []byte) (int, error) {
	if need := s.pos + len(p); need > len(s.buf) {
		s.buf = append(s.buf, make([]byte, need-len(s.buf))...)
	}
	copy(s.buf[s.pos:], p)
	s.pos += len(p)
	return len(p), nil
}

func (s *seekBuffer) Seek(off int64, whence int) (int64, error) {
	var abs int64
	switch whence {
	case io.SeekStart:
		abs = off
	case io.SeekCurrent:
		abs = int64(s.pos) + off
	case io.SeekEnd:
		abs = int64(len(s.buf)) + off
	}
	if abs < 0 {
		return 0, errors.New("encode: negative seek")
	}
	s.pos = int(abs)
	return abs, nil
}
