package audio

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// id3v23 builds an ID3v2.3 tag from frames (id, body).
func id3v23(frames ...[2]string) []byte {
	var body bytes.Buffer
	for _, f := range frames {
		n := len(f[1])
		body.WriteString(f[0])
		body.Write([]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n), 0, 0})
		body.WriteString(f[1])
	}
	body.Write(make([]byte, 16)) // padding
	n := body.Len()
	h := []byte{'I', 'D', '3', 3, 0, 0, byte(n >> 21 & 0x7f), byte(n >> 14 & 0x7f), byte(n >> 7 & 0x7f), byte(n & 0x7f)}
	return append(h, body.Bytes()...)
}

func id3v1(title, artist string) []byte {
	b := make([]byte, 128)
	copy(b, "TAG")
	copy(b[3:], title)
	copy(b[33:], artist)
	return b
}

func TestProbeTags(t *testing.T) {
	t.Parallel()
	mp3, err := os.ReadFile(filepath.Join(musicDir, "tone22k_mono_cbr.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	utf16 := "\x01\xff\xfe" + "S\x00o\x00n\x00g\x00 \x00\xe9\x00" // "Song é", UTF-16LE with BOM
	tests := []struct {
		name          string
		file          []byte
		title, artist string
		cover         bool
	}{
		{"v2.3 utf16 + latin1 + picture", append(id3v23([2]string{"TIT2", utf16}, [2]string{"TPE1", "\x00Band\xe9"}, [2]string{"APIC", "\x00image/png\x00\x03\x00PNGDATA"}), mp3...), "Song é", "Bandé", true},
		{"v2.3 utf8", append(id3v23([2]string{"TIT2", "\x03Grüße"}), mp3...), "Grüße", "", false},
		{"id3v1 only", append(append([]byte(nil), mp3...), id3v1("Old Title", "Old Artist")...), "Old Title", "Old Artist", false},
		{"two v2 tags", append(id3v23([2]string{"TIT2", "\x00First"}), append(id3v23([2]string{"TPE1", "\x00Second"}), mp3...)...), "First", "Second", false},
	}
	for _, tc := range tests {
		info, err := Probe(bytes.NewReader(tc.file))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if info.Title != tc.title || info.Artist != tc.artist || info.Cover != tc.cover {
			t.Errorf("%s: title %q artist %q cover %v, want %q %q %v", tc.name, info.Title, info.Artist, info.Cover, tc.title, tc.artist, tc.cover)
		}
		if info.Samples != 89856 {
			t.Errorf("%s: %d samples, want 89856 (tags must not change the audio)", tc.name, info.Samples)
		}
	}
}

// TestTruncated: a file cut mid-frame or mid-data still probes, decodes
// every whole frame, then reports ErrTruncated; a Mix plays it and goes on
// with silence.
func TestTruncated(t *testing.T) {
	t.Parallel()
	mp3, err := os.ReadFile(filepath.Join(musicDir, "tone22k_mono_cbr.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	vbr, err := os.ReadFile(filepath.Join(musicDir, "chords48k_stereo_vbr.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	wav := sineWAV(8000, 1, 440, 0.5)
	tests := []struct {
		name string
		file []byte
	}{
		{"vbr mp3 shorter than its Xing header says", vbr[:len(vbr)/2]},
		{"mp3 cut mid-frame", mp3[:len(mp3)/2+37]},
		{"wav cut mid-data", wav[:len(wav)/2+1]},
	}
	for _, tc := range tests {
		info, err := Probe(bytes.NewReader(tc.file))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !info.Truncated {
			t.Errorf("%s: Truncated not set", tc.name)
		}
		d, err := NewDecoder(bytes.NewReader(tc.file))
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]float32, 4096)
		var frames int64
		for {
			n, err := d.Read(buf)
			frames += int64(n / 2)
			if err == io.EOF {
				t.Fatalf("%s: io.EOF, want ErrTruncated", tc.name)
			}
			if err != nil {
				if !errors.Is(err, ErrTruncated) {
					t.Fatalf("%s: %v, want ErrTruncated", tc.name, err)
				}
				t.Logf("%s: %d frames, then %v", tc.name, frames, err)
				break
			}
		}
		if frames == 0 || frames > info.Samples {
			t.Errorf("%s: decoded %d frames of %d", tc.name, frames, info.Samples)
		}
		m, err := NewMix(context.Background(), []Cue{bytesCue(tc.file, 0, 0)}, MixOptions{Duration: 3})
		if err != nil {
			t.Fatalf("%s: mix: %v", tc.name, err)
		}
		if got := len(readMix(t, m)) / 2; got != 3*44100 {
			t.Errorf("%s: mix gave %d frames", tc.name, got)
		}
	}
}

func TestCorruptInputs(t *testing.T) {
	t.Parallel()
	wav := sineWAV(8000, 0.1, 440, 0.5)
	badFmt := append([]byte(nil), wav...)
	badFmt[20] = 0x55 // codec 0x0055 (MP3 in WAV)
	badAlign := append([]byte(nil), wav...)
	badAlign[32] = 7
	tests := []struct {
		name string
		file []byte
		kind error
	}{
		{"empty", nil, ErrEmpty},
		{"text", []byte("just some text, definitely no frames here"), ErrNotAudio},
		{"riff avi", []byte("RIFF\x10\x00\x00\x00AVI LIST\x00\x00\x00\x00"), ErrNotAudio},
		{"wav codec", badFmt, ErrUnsupported},
		{"wav block align", badAlign, ErrCorrupt},
		{"wav header only", wav[:44], ErrEmpty},
		{"wav cut in fmt", wav[:30], ErrTruncated},
		{"id3 only", id3v23([2]string{"TIT2", "\x00x"}), ErrEmpty},
		{"id3 runs past end", id3v23([2]string{"TIT2", "\x00x"})[:20], ErrTruncated},
		{"layer II", []byte("\xff\xfd\x90\x00" + string(make([]byte, 518)) + "\xff\xfd\x90\x00" + string(make([]byte, 518))), ErrUnsupported},
	}
	for _, tc := range tests {
		_, err := NewDecoder(bytes.NewReader(tc.file))
		var fe *FormatError
		if !errors.As(err, &fe) || !errors.Is(err, tc.kind) {
			t.Errorf("%s: %v, want a *FormatError of kind %v", tc.name, err, tc.kind)
			continue
		}
		t.Logf("%s: %v", tc.name, err)
	}
}
