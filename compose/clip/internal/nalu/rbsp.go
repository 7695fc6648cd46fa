package nalu

import "errors"

// ErrShortRBSP is returned when a parameter set ends before a field.
var ErrShortRBSP = errors.New("nalu: parameter set is truncated")

// RBSP reads the bits of a NAL unit's payload with the emulation
// prevention bytes (00 00 03) removed, for parameter set parsers.
type RBSP struct {
	b   []byte
	pos int // bit position
}

// NewRBSP unescapes payload (the NAL unit after its header).
func NewRBSP(payload []byte) *RBSP {
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
	return &RBSP{b: out}
}

// U reads an n-bit unsigned field (n <= 32).
func (r *RBSP) U(n int) (uint32, error) {
	var v uint32
	for range n {
		if r.pos >= 8*len(r.b) {
			return 0, ErrShortRBSP
		}
		v = v<<1 | uint32(r.b[r.pos>>3]>>(7-r.pos&7)&1)
		r.pos++
	}
	return v, nil
}

// UE reads an unsigned Exp-Golomb code of at most 32 bits.
func (r *RBSP) UE() (uint32, error) {
	zeros := 0
	for {
		b, err := r.U(1)
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
	v, err := r.U(zeros)
	return (1<<zeros - 1) + v, err
}

// SE reads a signed Exp-Golomb code.
func (r *RBSP) SE() (int32, error) {
	v, err := r.UE()
	if v&1 == 1 {
		return int32((v + 1) / 2), err
	}
	return -int32(v / 2), err
}
