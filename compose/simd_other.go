//go:build !amd64

package compose

func vmixRow(out []uint8, pa, pb []uint16, wy uint32) { vmixRowGo(out, pa, pb, wy) }

func mixRow(d, s []uint8, m int32) { mixRowGo(d, s, m) }

const haveHpassSIMD = false

func hpassSIMD(out []uint16, row []uint8, cols *axisMap) int { return 0 }
