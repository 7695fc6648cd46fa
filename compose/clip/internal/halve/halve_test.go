package halve

import (
	"slices"
	"testing"
)

// TestPlaneAveragesBlocksAndRepeatsOddEdges: 2x2 means, rounded; an odd
// last column or row is averaged with itself; the source stride is
// honoured.
func TestPlaneAveragesBlocksAndRepeatsOddEdges(t *testing.T) {
	// 5 x 3 samples in rows of 6 (the sixth is padding, never read: 255).
	src := []uint8{
		0, 2, 10, 20, 7, 255,
		4, 6, 30, 40, 9, 255,
		100, 101, 1, 2, 50, 255,
	}
	dst := make([]uint8, Size(5)*Size(3))
	Plane(dst, src, 6, 5, 3)
	want := []uint8{
		3, 25, 8, // (0+2+4+6)/4, (10+20+30+40)/4, (7+7+9+9)/4
		101, 2, 50, // the last row with itself: (100+101)*2/4 rounded, (1+2)*2/4 rounded
	}
	if !slices.Equal(dst, want) {
		t.Fatalf("got %v, want %v", dst, want)
	}
	deep := []uint16{1000, 1023, 0, 1}
	out := make([]uint16, 1)
	Plane(out, deep, 2, 2, 2)
	if out[0] != 506 { // (1000+1023+0+1+2)/4
		t.Fatalf("16-bit: got %d, want 506", out[0])
	}
}

func BenchmarkPlane4K(b *testing.B) {
	src := make([]uint8, 3840*2160)
	for i := range src {
		src[i] = uint8(i * 7)
	}
	dst := make([]uint8, 1920*1080)
	b.SetBytes(int64(len(src)))
	for range b.N {
		Plane(dst, src, 3840, 3840, 2160)
	}
}
