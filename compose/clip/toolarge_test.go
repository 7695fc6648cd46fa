package clip

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A picture beyond reel's limits is ErrTooLarge, told apart from a
// corrupt file, with the size and the limit in words.
func TestPicturesBeyondTheLimitsAreErrTooLarge(t *testing.T) {
	mp4, err := os.ReadFile(filepath.Join("..", "..", "internal", "bmff", "testdata", "bframes.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	k := bytes.Index(mp4, []byte("stsd")) + 16 // the first sample entry's fourcc
	binary.BigEndian.PutUint16(mp4[k+28:], 30000)
	binary.BigEndian.PutUint16(mp4[k+30:], 30000)

	gif := []byte("GIF89a\x88\x13\x0a\x00\x00\x00\x00;") // 5000x10, no colour table

	webp := []byte("RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x02\x00\x00\x00\x87\x13\x00\x09\x00\x00")
	binary.LittleEndian.PutUint32(webp[4:], uint32(len(webp)-8)) // 5000x10 animated canvas

	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"mp4", mp4, "30000x30000 pixels; reel reads clips up to 8192x8192"},
		{"gif", gif, "5000x10 pixels; reel reads animations up to 4096x4096"},
		{"webp", webp, "5000x10 pixels; reel reads animations up to 4096x4096"},
	} {
		_, err := Probe(bytes.NewReader(c.data), int64(len(c.data)))
		if !errors.Is(err, ErrTooLarge) || errors.Is(err, ErrUnsupported) || !strings.Contains(fmtErr(err), c.want) {
			t.Errorf("%s: Probe: %v, want ErrTooLarge saying %q", c.name, err, c.want)
		}
	}
}

func fmtErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
