package faad

import (
	"strings"
	"testing"
)

func TestParseASC(t *testing.T) {
	for _, c := range []struct {
		name string
		b    []byte
		want ASC
		err  string
	}{
		{"lc-44k-stereo", []byte{0x12, 0x10}, ASC{ObjectType: 2, SampleRate: 44100, Channels: 2, OutRate: 44100}, ""},
		{"lc-48k-mono", []byte{0x11, 0x88}, ASC{ObjectType: 2, SampleRate: 48000, Channels: 1, OutRate: 48000}, ""},
		// HE-AAC: object type 5, 24 kHz core, stereo, 48 kHz SBR, core LC.
		{"he-aac", []byte{0x2B, 0x11, 0x88, 0x00}, ASC{ObjectType: 2, SampleRate: 24000, Channels: 2, SBR: true, OutRate: 48000}, ""},
		// HE-AAC v2: object type 29 (escape-free, 5 bits), 24 kHz, mono, 48 kHz, core LC.
		{"he-aac-v2", []byte{0xEB, 0x09, 0x88, 0x00}, ASC{ObjectType: 2, SampleRate: 24000, Channels: 1, SBR: true, PS: true, OutRate: 48000}, ""},
		{"explicit-rate", []byte{0x17, 0x80, 0x56, 0x22, 0x10}, ASC{ObjectType: 2, SampleRate: 44100, Channels: 2, OutRate: 44100}, ""},
		{"ld", []byte{0xB9, 0x88}, ASC{}, "not supported"},
		{"escape-type", []byte{0xF8, 0x02, 0x20}, ASC{}, "object type 32"},
		{"reserved-rate", []byte{0x16, 0x90}, ASC{}, "reserved sampling frequency"},
		{"reserved-channels", []byte{0x12, 0x40}, ASC{}, "channel configuration 8"},
		{"one-byte", []byte{0x12}, ASC{}, "1 bytes"},
		{"truncated-explicit-rate", []byte{0x17, 0x80}, ASC{}, "truncated"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseASC(c.b)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("ParseASC(% x) = %+v, %v; want error with %q", c.b, got, err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("ParseASC(% x) = %+v, %v; want %+v", c.b, got, err, c.want)
			}
		})
	}
}

func TestSplitADTS(t *testing.T) {
	// Two frames of 44.1 kHz stereo LC, the second with a CRC word.
	f1 := []byte{0xFF, 0xF1, 0x50, 0x80, 0x01, 0xBF, 0xFC, 0x21, 0x10, 0x04, 0x60, 0x8C, 0x1C}
	f2 := []byte{0xFF, 0xF0, 0x50, 0x80, 0x01, 0xFF, 0xFC, 0xAB, 0xCD, 0x21, 0x10, 0x04, 0x60, 0x8C, 0x1C}
	s, err := SplitADTS(append(append([]byte{}, f1...), f2...))
	if err != nil {
		t.Fatal(err)
	}
	if string(s.ASC) != "\x12\x10" || len(s.Frames) != 2 || len(s.Frames[0]) != 6 || len(s.Frames[1]) != 6 || s.Frames[1][0] != 0x21 {
		t.Fatalf("got ASC % x, frames %v", s.ASC, s.Frames)
	}
	bad := map[string][]byte{
		"empty":        nil,
		"no sync":      {0xFF, 0x00, 0x50, 0x80, 0x01, 0xBF, 0xFC, 0x21},
		"short header": f1[:5],
		"past the end": f1[:12],
		"two blocks":   {0xFF, 0xF1, 0x50, 0x80, 0x01, 0xBF, 0xFD, 0x21, 0x10, 0x04, 0x60, 0x8C, 0x1C},
		"rate changes": append(append([]byte{}, f1...), 0xFF, 0xF1, 0x4C, 0x80, 0x01, 0xBF, 0xFC, 0x21, 0x10, 0x04, 0x60, 0x8C, 0x1C),
	}
	for name, b := range bad {
		if _, err := SplitADTS(b); err == nil {
			t.Errorf("%s: SplitADTS accepted % x", name, b)
		}
	}
}

func TestDecoderRefusesBadInput(t *testing.T) {
	l := mustLoad(t)
	if _, err := l.NewDecoder([]byte{0xB9, 0x88}); err == nil || !strings.Contains(err.Error(), "not supported") {
		t.Errorf("AAC-LD config: %v, want not supported", err)
	}
	d, err := l.NewDecoder(probeASC)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range [][]byte{{}, make([]byte, MaxFrameBytes+1)} {
		if _, err := d.Decode(f); err == nil {
			t.Errorf("Decode of %d bytes succeeded", len(f))
		}
	}
	if _, err := d.Decode([]byte{0xE0, 0xFF, 0xFF, 0x13, 0x37, 0x42, 0x00}); err == nil {
		t.Error("Decode of garbage succeeded")
	}
	// Still usable after a bad frame.
	for i := 0; i < 3; i++ {
		if _, err := d.Decode(probeFrame); err != nil {
			t.Fatalf("good frame after a bad one: %v", err)
		}
	}
	d.Close()
	d.Close()
	if _, err := d.Decode(probeFrame); err == nil {
		t.Error("Decode after Close succeeded")
	}
}
