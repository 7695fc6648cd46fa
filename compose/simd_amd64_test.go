package compose

import "testing"

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
