package faad

import "testing"

func FuzzSplitADTS(f *testing.F) {
	f.Add([]byte{0xFF, 0xF1, 0x50, 0x80, 0x01, 0xBF, 0xFC, 0x21, 0x10, 0x04, 0x60, 0x8C, 0x1C})
	f.Add([]byte{0xFF, 0xF0, 0x50, 0x80, 0x01, 0xFF, 0xFC, 0xAB, 0xCD, 0x21, 0x10, 0x04, 0x60, 0x8C, 0x1C})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := SplitADTS(b)
		if err != nil {
			return
		}
		n := 0
		for _, fr := range s.Frames {
			if len(fr) == 0 {
				t.Fatal("empty frame")
			}
			n += len(fr)
		}
		if n > len(b) {
			t.Fatalf("frames hold %d bytes of %d", n, len(b))
		}
		if _, err := ParseASC(s.ASC); err != nil && s.ASC[0]>>3 == 2 {
			t.Logf("ADTS-derived ASC % x refused: %v", s.ASC, err)
		}
	})
}

func FuzzParseASC(f *testing.F) {
	for _, b := range [][]byte{{0x12, 0x10}, {0x2B, 0x11, 0x88, 0x00}, {0xEB, 0x09, 0x88, 0x00}, {0x17, 0x80, 0x56, 0x22, 0x10}, {0xF8, 0x02, 0x20}} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ParseASC(b)
		if err == nil && (a.SampleRate < 7350 || a.OutRate > 96000 || a.Channels > 7) {
			t.Fatalf("accepted %+v", a)
		}
	})
}

// FuzzDecode feeds libfaad2 arbitrary configurations and frames: the
// decoder must return errors, never crash the process.
func FuzzDecode(f *testing.F) {
	l, err := Load()
	if err != nil {
		f.Skipf("libfaad2 not usable here: %v", err)
	}
	f.Add(probeASC, probeFrame)
	f.Add([]byte{0x11, 0x88}, probeFrame[:20])
	f.Add([]byte{0x2B, 0x11, 0x88, 0x00}, probeFrame)
	f.Fuzz(func(t *testing.T, asc, frame []byte) {
		d, err := l.NewDecoder(asc)
		if err != nil {
			return
		}
		defer d.Close()
		for i := 0; i < 3; i++ {
			out, err := d.Decode(frame)
			if err == nil && len(out)%max(1, d.Channels()) != 0 {
				t.Fatalf("%d samples for %d channels", len(out), d.Channels())
			}
		}
	})
}
