package openh264

import "errors"

// errShortRBSP is returned when a parameter set ends before a field.
var errShortRBSP = errors.New("parameter set is truncated")

// rbsp reads the bits of a NAL unit's payload with the emulation
// prevention bytes (00 00 03) removed.
type rbsp struct {
	b   []byte
	pos int // bit position
}

// newRBSP unescapes payload (the NAL unit after its header).
func newRBSP(payload []byte) *rbsp {
	out := make([]byte, 0, len(payload))
	zeros := 0
	for _, c := range payload {
		if zeros >= 2 && c == 3 {
			zeros = 0
			continue
		}
		if c == 0 {
			zeros++
		} else {
			zeros = 0
		}
		out = append(out, c)
	}
	return &rbsp{b: out}
}

func (r *rbsp) u(n int) (uint32, error) {
	var v uint32
	for range n {
		if r.pos >= 8*len(r.b) {
			return 0, errShortRBSP
		}
		v = v<<1 | uint32(r.b[r.pos>>3]>>(7-r.pos&7)&1)
		r.pos++
	}
	return v, nil
}

// ue reads an unsigned Exp-Golomb code of at most 32 bits.
func (r *rbsp) ue() (uint32, error) {
	zeros := 0
	for {
		b, err := r.u(1)
		if err != nil {
			return 0, err
		}
		if b == 1 {
			break
		}
		zeros++
		if zeros > 31 {
			return 0, errors.New("Exp-Golomb code longer than 32 bits")
		}
	}
	v, err := r.u(zeros)
	return (1<<zeros - 1) + v, err
}

func (r *rbsp) se() (int32, error) {
	v, err := r.ue()
	if v&1 == 1 {
		return int32((v + 1) / 2), err
	}
	return -int32(v / 2), err
}
