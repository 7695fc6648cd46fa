package hdr

import (
	"bytes"
	"fmt"
	"image"
	"math/rand/v2"
	"testing"
)

// convertBoth converts the planes with the Go row pass and with the AVX2
// kernel and fails the test unless the two pictures are identical.
func convertBoth(t *testing.T, name string, y, cb, cr []uint16, ys, cs, w, h int, f Format) {
	t.Helper()
	r := image.Rect(3, 1, 3+w+1, 1+h+2)
	goPic := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
	vecPic := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
	lv, tb := levelsOf(f.BitDepth, f.FullRange), tablesFor(f.Transfer)
	if f.Transfer != TransferPQ && f.Transfer != TransferHLG {
		tb = tablesFor(0)
	}
	convert(goPic, y, cb, cr, ys, cs, w, h, lv, tb, false)
	convert(vecPic, y, cb, cr, ys, cs, w, h, lv, tb, true)
	for _, p := range []struct {
		plane     string
		got, want []byte
	}{{"Y", vecPic.Y, goPic.Y}, {"Cb", vecPic.Cb, goPic.Cb}, {"Cr", vecPic.Cr, goPic.Cr}} {
		if i := mismatch(p.got, p.want); i >= 0 {
			t.Errorf("%s %+v %dx%d: AVX2 %s differs from Go at byte %d: %d, want %d", name, f, w, h, p.plane, i, p.got[i], p.want[i])
		}
	}
}

// mismatch is the index of the first byte where a and b differ, -1 if
// they are equal.
func mismatch(a, b []byte) int {
	if bytes.Equal(a, b) {
		return -1
	}
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return len(a)
}

// TestAVX2RowsEqualTheGoRows checks that the AVX2 kernel gives the Go
// path's pictures bit for bit: the ramp test pictures of every format,
// and random 10-bit samples drawn mostly from the extremes (0, 64, 940,
// 1023) at widths around the vector length.
func TestAVX2RowsEqualTheGoRows(t *testing.T) {
	if !haveAVX2 {
		t.Skip("no AVX2 on this CPU: the kernel cannot run")
	}
	formats := []Format{
		{BitDepth: 10, Transfer: TransferHLG, Primaries: PrimariesBT2020},
		{BitDepth: 10, Transfer: TransferPQ, Primaries: PrimariesBT2020},
		{BitDepth: 10, Transfer: TransferPQ, Primaries: PrimariesBT2020, FullRange: true},
		{BitDepth: 12, Transfer: TransferPQ, Primaries: PrimariesBT2020, FullRange: true},
		{BitDepth: 10, Primaries: PrimariesBT2020},
		{BitDepth: 8, Transfer: TransferHLG, Primaries: PrimariesBT2020, FullRange: true},
		{BitDepth: 8, Transfer: TransferPQ, Primaries: PrimariesBT2020},
		{BitDepth: 16, Transfer: TransferHLG, Primaries: PrimariesBT2020},
		{BitDepth: 16, Transfer: TransferPQ, Primaries: PrimariesBT2020, FullRange: true},
	}
	for _, f := range formats {
		y, cb, cr, ys, cs := testPicture(333, 201, f.BitDepth)
		convertBoth(t, "ramps", y, cb, cr, ys, cs, 333, 201, f)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	sample := func(maxv int) uint16 {
		if rng.IntN(3) == 0 {
			return uint16(rng.IntN(maxv + 1))
		}
		return []uint16{0, 64, 940, 1023, 512, 960}[rng.IntN(6)]
	}
	for _, tr := range []int{TransferHLG, TransferPQ, 0} {
		for _, w := range []int{1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 64, 101} {
			for _, full := range []bool{false, true} {
				f := Format{BitDepth: 10, Transfer: tr, Primaries: PrimariesBT2020, FullRange: full}
				h := 5
				ys, cs := w+5, (w+1)/2+3
				y, cb, cr := make([]uint16, h*ys), make([]uint16, (h+1)/2*cs), make([]uint16, (h+1)/2*cs)
				for i := range y {
					y[i] = sample(1023)
				}
				for i := range cb {
					cb[i], cr[i] = sample(1023), sample(1023)
				}
				convertBoth(t, fmt.Sprintf("random transfer %d", tr), y, cb, cr, ys, cs, w, h, f)
			}
		}
	}
}

// TestArchConstsLayout checks the byte offsets row_amd64.s uses for the
// rows of archConsts.
func TestArchConstsLayout(t *testing.T) {
	for _, c := range []struct {
		name      string
		row, want int
	}{
		{"C_YMUL", acYMul, 0}, {"C_LINMASK", acLinMask, 32}, {"C_GM", acGm0, 64},
		{"C_RND", acRnd, 352}, {"C_KNEE", acKnee, 384}, {"C_TMMUL", acTmMul, 416},
		{"C_HALF32", acHalf32, 448}, {"C_TMSTEPS", acTmSteps, 480}, {"C_ONE16", acOne16, 512},
		{"C_LOW16", acLow16, 544}, {"C_GRND", acGammaRnd, 576}, {"C_KH", acKh, 608},
		{"C_KL", acKl, 704}, {"C_LUMAOFF", acLumaOff, 800}, {"C_DUP", acDup, 832},
		{"C_PAIRS", acPairs, 864}, {"C_YSHR", acYShr, 896}, {"C_YSHL", acYShl, 928},
	} {
		if got := 32 * c.row; got != c.want {
			t.Errorf("%s is at byte %d of archConsts, row_amd64.s reads %d", c.name, got, c.want)
		}
	}
	if acRows != acYShl+1 {
		t.Errorf("archConsts has %d rows, want %d", acRows, acYShl+1)
	}
}
