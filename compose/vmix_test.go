package compose

import (
	"math/rand/v2"
	"testing"
)

// The word-at-a-time rows must equal the per-pixel formulas exactly, for
// every weight, extreme values and every tail length.
func TestSWARRowsMatchScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 3, 4, 5, 7, 8, 9, 17, 640} {
		pa, pb := make([]uint16, n), make([]uint16, n)
		d, s := make([]uint8, n), make([]uint8, n)
		for i := range pa {
			switch i % 5 {
			case 0:
				pa[i], pb[i], d[i], s[i] = 0, 255*256, 0, 255
			case 1:
				pa[i], pb[i], d[i], s[i] = 255*256, 0, 255, 0
			default:
				a, b := rng.Uint32N(256), rng.Uint32N(256)
				pa[i], pb[i] = uint16(a<<8+(b-a)*rng.Uint32N(256)), uint16(rng.Uint32N(255*256+1))
				d[i], s[i] = uint8(a), uint8(b)
			}
		}
		out := make([]uint8, n)
		for wy := uint32(1); wy <= 256; wy++ {
			vmixRow(out, pa, pb, wy)
			for x := range out {
				a := uint32(pa[x])
				if want := uint8((a<<8 + (uint32(pb[x])-a)*wy + 1<<15) >> 16); out[x] != want {
					t.Fatalf("vmixRow n=%d wy=%d x=%d: %d, want %d", n, wy, x, out[x], want)
				}
			}
		}
		roundRow(out, pa)
		for x := range out {
			if want := uint8((uint32(pa[x]) + 128) >> 8); out[x] != want {
				t.Fatalf("roundRow n=%d x=%d: %d, want %d", n, x, out[x], want)
			}
		}
		for m := int32(1); m < 256; m++ {
			dd := append([]uint8(nil), d...)
			mixRow(dd, s, m)
			for i := range dd {
				if want := uint8(int32(d[i]) + ((int32(s[i])-int32(d[i]))*m+128)>>8); dd[i] != want {
					t.Fatalf("mixRow n=%d m=%d i=%d: %d, want %d", n, m, i, dd[i], want)
				}
			}
		}
	}
}
