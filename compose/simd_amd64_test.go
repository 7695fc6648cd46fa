package compose

import (
	"math/rand/v2"
	"testing"
)

// archVmixes: vmixRow's SSE2-only path, and its AVX2 path where the CPU
// has it (vmixRow itself takes AVX2 when available, SSE2 otherwise).
func archVmixes(t *testing.T) map[string]func([]uint8, []uint16, []uint16, uint32) {
	m := map[string]func([]uint8, []uint16, []uint16, uint32){
		"vmixRowSSE2": func(o []uint8, a, b []uint16, w uint32) { vmixRowSIMD(o, a, b, w, false) },
	}
	if haveAVX2 {
		m["vmixRowAVX2"] = func(o []uint8, a, b []uint16, w uint32) { vmixRowSIMD(o, a, b, w, true) }
	} else {
		t.Log("no AVX2 on this CPU: vmixRowAVX2 not tested")
	}
	return m
}

// archVmixMixes: vmixMixRow without and (where the CPU has it) with AVX2.
func archVmixMixes() map[string]func([]uint8, []uint16, []uint16, uint32, int32, []uint8) {
	m := map[string]func([]uint8, []uint16, []uint16, uint32, int32, []uint8){
		"vmixMixRowNoAVX2": func(d []uint8, a, b []uint16, w uint32, k int32, t []uint8) { vmixMixRowSIMD(d, a, b, w, k, t, false) },
	}
	if haveAVX2 {
		m["vmixMixRowAVX2"] = func(d []uint8, a, b []uint16, w uint32, k int32, t []uint8) { vmixMixRowSIMD(d, a, b, w, k, t, true) }
	}
	return m
}

// hpass's groups give the same words with and without AVX2 (the SSSE3
// path is checked against the reference by TestHpassMatchesReference),
// for odd and even group counts and row ends right after the last group.
func TestHpassAVX2MatchesSSSE3(t *testing.T) {
	t.Parallel()
	if !haveAVX2 || !haveHpassSIMD {
		t.Skip("no AVX2/SSSE3 on this CPU")
	}
	rng := rand.New(rand.NewPCG(9, 10))
	row := make([]uint8, 1500)
	for i := range row {
		row[i] = uint8(rng.Uint32())
	}
	for _, n := range []int{8, 16, 24, 40, 1280} {
		for _, step := range []float64{0.31, 0.5, 0.93, 1, 1.07, 1.9} {
			for _, start := range []float64{0, 0.37, 5.5} {
				var m axisMap
				m.build(n, start, step, len(row))
				m.shuffles()
				g := len(m.gbase)
				for g > 0 && int(m.gbase[g-1])+16 > len(row) {
					g--
				}
				if g == 0 {
					continue
				}
				src := row[:m.gbase[g-1]+16]
				got, want := make([]uint16, n), make([]uint16, n)
				hpassGroups(got, src, &m, g, true)
				hpassGroups(want, src, &m, g, false)
				for x := range want {
					if got[x] != want[x] {
						t.Fatalf("n=%d step=%v start=%v groups=%d: x=%d %d, want %d", n, step, start, g, x, got[x], want[x])
					}
				}
			}
		}
	}
}
