package compose

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The word-at-a-time and SIMD rows must equal the per-pixel formulas
// exactly, for every weight, extreme values and every tail length.
func TestSWARRowsMatchScalar(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	vmixes := map[string]func([]uint8, []uint16, []uint16, uint32){"vmixRow": vmixRow, "vmixRowGo": vmixRowGo}
	mixes := map[string]func([]uint8, []uint8, int32){"mixRow": mixRow, "mixRowGo": mixRowGo}
	for name, f := range archVmixes(t) {
		vmixes[name] = f
	}
	for _, n := range []int{0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 640} {
		// one spare element each: the kernels must not write past out/d
		pa, pb := make([]uint16, n+1), make([]uint16, n+1)
		d, s := make([]uint8, n+1), make([]uint8, n+1)
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
		for name, f := range vmixes {
			out := make([]uint8, n+1)
			out[n] = 77
			for wy := uint32(0); wy <= 256; wy++ {
				f(out[:n], pa[:n], pb[:n], wy)
				for x := range out[:n] {
					a := uint32(pa[x])
					if want := uint8((a<<8 + (uint32(pb[x])-a)*wy + 1<<15) >> 16); out[x] != want {
						t.Fatalf("%s n=%d wy=%d x=%d: %d, want %d", name, n, wy, x, out[x], want)
					}
				}
				if out[n] != 77 {
					t.Fatalf("%s n=%d wrote past the row", name, n)
				}
			}
		}
		for name, f := range mixes {
			for m := int32(1); m < 256; m++ {
				dd := append([]uint8(nil), d...)
				f(dd[:n], s[:n], m)
				for i := range dd[:n] {
					if want := uint8(int32(d[i]) + ((int32(s[i])-int32(d[i]))*m+128)>>8); dd[i] != want {
						t.Fatalf("%s n=%d m=%d i=%d: %d, want %d", name, n, m, i, dd[i], want)
					}
				}
				if dd[n] != d[n] {
					t.Fatalf("%s n=%d wrote past the row", name, n)
				}
			}
		}
	}
}

// hpass (SIMD groups where the CPU has them, then the unchecked scalar
// loop) must equal the bounds-checked reference for every step, phase and
// source width, the source row ending right after its last sample.
func TestHpassMatchesReference(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for _, srcN := range []int{1, 2, 3, 15, 16, 17, 40, 1400} {
		row := make([]uint8, srcN)
		for i := range row {
			row[i] = uint8(rng.Uint32())
		}
		row[0], row[srcN-1] = 255, 0
		for _, n := range []int{1, 7, 8, 9, 16, 33, 1280} {
			for _, step := range []float64{0.31, 0.5, 0.93, 1, 1.07, 1.9, 2, 2.5, float64(srcN) / float64(n)} {
				for _, start := range []float64{-3, 0, 0.37, 5.5} {
					var m axisMap
					m.build(n, start, step, srcN)
					m.shuffles()
					got, want := make([]uint16, n), make([]uint16, n)
					hpass(got, row, &m)
					hpassSafe(want, row, m.tab)
					for x := range want {
						if got[x] != want[x] {
							t.Fatalf("srcN=%d n=%d step=%v start=%v: x=%d %d, want %d (simd groups %d)", srcN, n, step, start, x, got[x], want[x], len(m.gbase))
						}
					}
				}
			}
		}
	}
}

// The resampler's kernels (horizontal taps, vertical accumulation, the
// rounding pack) must give the very floats and bytes of the Go versions.
func TestResampleKernelsMatchGo(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	for _, c := range []struct{ sw, dw int }{{1, 1}, {1, 7}, {5, 3}, {37, 64}, {1600, 1408}, {1600, 333}, {640, 1280}} {
		row := make([]uint8, 4*c.sw)
		for i := 0; i < len(row); i += 4 {
			a := uint8(rng.Uint32())
			if i%12 == 0 {
				a = 255
			}
			row[i], row[i+1], row[i+2], row[i+3] = uint8(rng.Uint32N(uint32(a)+1)), uint8(rng.Uint32N(uint32(a)+1)), a, a
		}
		tp := newTaps(c.dw, c.sw)
		got, want := make([]float32, 4*c.dw), make([]float32, 4*c.dw)
		hresample(got, row, &tp)
		hresampleGo(want, row, &tp)
		for i := range want {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("hresample %dx->%d: [%d] %v, want %v", c.sw, c.dw, i, got[i], want[i])
			}
		}
		for _, n := range []int{len(want), len(want) - 1, 3} {
			n = max(0, n)
			ga, wa := append([]float32(nil), want[:n]...), append([]float32(nil), want[:n]...)
			accumulate(ga, got[:n], -0.0625)
			accumulateGo(wa, got[:n], -0.0625)
			for i := range wa {
				if math.Float32bits(ga[i]) != math.Float32bits(wa[i]) {
					t.Fatalf("accumulate n=%d: [%d] %v, want %v", n, i, ga[i], wa[i])
				}
			}
		}
	}
	// rounding and clamping at every edge (|v| stays far below 2^31, as
	// normalised Catmull-Rom sums of bytes do)
	edges := []float32{-1e6, -300, -1, -0.5, -0.49, -0, 0, 0.49, 0.5, 0.51, 1.5, 2.5, 127.5, 254.49, 254.5, 254.51, 255, 255.5, 256, 300, 1e6}
	for _, n := range []int{4, 16, 20, 64, 1024} {
		acc := make([]float32, n)
		for i := range acc {
			if i%3 == 0 {
				acc[i] = edges[rng.IntN(len(edges))]
			} else {
				acc[i] = float32(rng.Float64()*400 - 70)
			}
		}
		got, want := make([]uint8, n+1), make([]uint8, n+1)
		got[n], want[n] = 9, 9
		packRGBA(got[:n], acc)
		packRGBAGo(want[:n], acc)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("packRGBA n=%d: [%d] from %v: %d, want %d", n, i, acc[i], got[i], want[i])
			}
		}
	}
}

// The fused vertical mix and blend (crossfades) must equal the two
// per-pixel formulas one after the other, for every tail length, a spread
// of weights and every blend, without writing past d.
func TestVmixMixRowMatchesScalar(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	fs := map[string]func([]uint8, []uint16, []uint16, uint32, int32, []uint8){"vmixMixRow": vmixMixRow, "vmixMixRowGo": vmixMixRowGo}
	for name, f := range archVmixMixes() {
		fs[name] = f
	}
	for _, n := range []int{0, 1, 7, 15, 16, 17, 31, 32, 33, 640} {
		pa, pb := make([]uint16, n+1), make([]uint16, n+1)
		d := make([]uint8, n+1)
		for i := range pa {
			switch i % 5 {
			case 0:
				pa[i], pb[i], d[i] = 0, 255*256, 255
			case 1:
				pa[i], pb[i], d[i] = 255*256, 0, 0
			default:
				a, b := rng.Uint32N(256), rng.Uint32N(256)
				pa[i], pb[i] = uint16(a<<8+(b-a)*rng.Uint32N(256)), uint16(rng.Uint32N(255*256+1))
				d[i] = uint8(rng.Uint32())
			}
		}
		tmp := make([]uint8, n)
		for name, f := range fs {
			for _, wy := range []uint32{0, 1, 77, 128, 255, 256} {
				for m := int32(0); m < 256; m++ {
					dd := append([]uint8(nil), d...)
					f(dd[:n], pa[:n], pb[:n], wy, m, tmp)
					for x := range dd[:n] {
						a := uint32(pa[x])
						v := int32((a<<8 + (uint32(pb[x])-a)*wy + 1<<15) >> 16)
						if want := uint8(int32(d[x]) + ((v-int32(d[x]))*m+128)>>8); dd[x] != want {
							t.Fatalf("%s n=%d wy=%d m=%d x=%d: %d, want %d", name, n, wy, m, x, dd[x], want)
						}
					}
					if dd[n] != d[n] {
						t.Fatalf("%s n=%d wrote past the row", name, n)
					}
				}
			}
		}
	}
}
