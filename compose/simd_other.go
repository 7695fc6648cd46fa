//go:build !amd64

package compose

func vmixRow(out []uint8, pa, pb []uint16, wy uint32) { vmixRowGo(out, pa, pb, wy) }

func mixRow(d, s []uint8, m int32) { mixRowGo(d, s, m) }

const haveHpassSIMD = false

func hpassSIMD(out []uint16, row []uint8, cols *axisMap) int { return 0 }

func hresample(dst []float32, row []uint8, tp *taps) { hresampleGo(dst, row, tp) }

func accumulate(acc, v []float32, wt float32) { accumulateGo(acc, v, wt) }

func packRGBA(out []uint8, acc []float32) { packRGBAGo(out, acc) }

func vmixMixRow(d []uint8, pa, pb []uint16, wy uint32, m int32, tmp []uint8) {
	vmixMixRowGo(d, pa, pb, wy, m, tmp)
}
