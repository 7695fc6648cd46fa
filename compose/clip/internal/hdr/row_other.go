//go:build !amd64

package hdr

// haveAVX2 is false: the vector kernel is amd64 only.
const haveAVX2 = false

// archConsts is empty: there is no vector kernel.
type archConsts struct{}

// newArchConsts returns the empty archConsts.
func newArchConsts(*rowConsts) archConsts { return archConsts{} }

// lumaRow is lumaRowGo from the row's first chroma sample.
func lumaRow(out []uint8, src []uint16, b *blockRow, k *rowConsts, _ bool) {
	lumaRowGo(out, src, b, 0, k)
}
