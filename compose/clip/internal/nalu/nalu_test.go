package nalu

import (
	"bytes"
	"errors"
	"testing"
)

func TestSplitLengthPrefixedReadsEachLengthSize(t *testing.T) {
	units := [][]byte{{0x67, 1, 2, 3}, {0x68, 4}, {0x65, 5, 6, 7, 8, 9}}
	for _, size := range []int{1, 2, 4} {
		var au []byte
		for _, u := range units {
			for i := size - 1; i >= 0; i-- {
				au = append(au, byte(len(u)>>(8*i)))
			}
			au = append(au, u...)
		}
		got, err := SplitLengthPrefixed(nil, au, size)
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		if len(got) != len(units) {
			t.Fatalf("size %d: %d units, want %d", size, len(got), len(units))
		}
		for i := range units {
			if !bytes.Equal(got[i], units[i]) {
				t.Errorf("size %d unit %d = % x, want % x", size, i, got[i], units[i])
			}
		}
	}
}

func TestSplitLengthPrefixedRejectsOverrunsAndBadSizes(t *testing.T) {
	for _, c := range []struct {
		au   []byte
		size int
	}{
		{[]byte{0, 0, 0, 9, 0x65, 1}, 4},
		{[]byte{0, 0, 0}, 4},
		{[]byte{0, 5, 1, 2}, 2},
		{[]byte{0, 0, 1, 0x65}, 3},
	} {
		got, err := SplitLengthPrefixed([][]byte{{1}}, c.au, c.size)
		if !errors.Is(err, ErrFraming) {
			t.Errorf("% x size %d: err %v, want ErrFraming", c.au, c.size, err)
		}
		if len(got) != 1 {
			t.Errorf("% x: dst changed on error: %d units", c.au, len(got))
		}
	}
}

func TestSplitAnnexBStripsStartCodesAndPadding(t *testing.T) {
	b := []byte{0xff, 0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 0, 1, 0x65, 4, 0, 0, 3, 1, 0}
	got, err := SplitAnnexB(nil, b)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]byte{{0x67, 1, 2}, {0x68, 3}, {0x65, 4, 0, 0, 3, 1}}
	if len(got) != len(want) {
		t.Fatalf("got %d units % x, want %d", len(got), got, len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("unit %d = % x, want % x", i, got[i], want[i])
		}
	}
}

func TestSplitAcceptsAnnexBOnlyWithoutAConfiguredLengthSize(t *testing.T) {
	annexB := []byte{0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x65, 0x88}
	got, err := Split(nil, annexB, 4)
	if err != nil || len(got) != 2 || got[1][0] != 0x65 {
		t.Fatalf("Split(Annex B, 4) = % x, %v", got, err)
	}
	// A 4-byte length of 256..511 starts like a 3-byte start code: it is
	// still read as a length when that parses exactly.
	u := append([]byte{0x65}, make([]byte, 299)...)
	u[1] = 0x88
	au := append([]byte{0, 0, 1, 44}, u...)
	got, err = Split(nil, au, 4)
	if err != nil || len(got) != 1 || len(got[0]) != 300 {
		t.Fatalf("Split(length 300) = %d units, %v", len(got), err)
	}
	if _, err := Split(nil, annexB, 2); !errors.Is(err, ErrFraming) {
		t.Errorf("Split(Annex B, 2) err = %v, want ErrFraming", err)
	}
}

func FuzzSplit(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x65, 0x88}, 4)
	f.Add([]byte{0, 2, 0x65, 1, 0, 1, 0x41}, 2)
	f.Add([]byte{3, 0x65, 1, 2}, 1)
	f.Fuzz(func(t *testing.T, au []byte, size int) {
		units, err := Split(nil, au, size)
		if err != nil {
			return
		}
		total := 0
		for _, u := range units {
			if len(u) == 0 {
				t.Fatal("empty NAL unit returned")
			}
			total += len(u)
		}
		if total > len(au) || len(units) > MaxNALUs {
			t.Fatalf("%d units of %d bytes from %d input bytes", len(units), total, len(au))
		}
	})
}
